import { createHash } from 'node:crypto';
import { isDocumentContentType } from '../domain/documents/document.ts';
import { Conflict } from '../domain/errors.ts';
import type { Deps } from '../usecases/deps.ts';
import { acceptDocument, DocumentRefused } from '../usecases/documents.ts';
import { type UploadLinkView, viewUploadLink } from '../usecases/upload-link.ts';
import { keys } from '../wiring.ts';
import { csrfToken } from './csrf.ts';
import type { HttpEvent } from './http-handler.ts';
import { forgedPost, linkPage, linkRequest } from './link-page.ts';
import { multipartForm } from './multipart.ts';
import { json, problemJson } from './responses.ts';
import { type UploadNote, type UploadPageResult, uploadForm, uploadResultPage } from './upload-page.ts';

const STATUS: Record<UploadPageResult, number> = {
  complete: 200,
  received: 200,
  closed: 409,
  expired: 410,
  notFound: 404,
  forbidden: 403,
};

/** The token's form secret: a prefix keeps it apart from the other member links'. */
const csrfSubject = (token: string) => `upload:${token}`;

type UploadDeps = Pick<
  Deps,
  | 'claims'
  | 'programs'
  | 'documentWaits'
  | 'tickets'
  | 'documents'
  | 'documentFiles'
  | 'documentHashes'
  | 'imageDates'
  | 'workflow'
  | 'now'
  | 'linkBaseUrl'
>;

/** The answer to one request of the link: its page, its JSON, or the recorded decision. */
export async function answer(deps: UploadDeps, event: HttpEvent) {
  const token = event.pathParameters?.token ?? '';
  const { ctx, wantsJson } = linkRequest(event);
  // The member's pages (satisfaction, payee confirmation, upload) share the member-page form key.
  const secret = await (await keys()).get('feedbackForm');
  const csrf = csrfToken(secret, csrfSubject(token));
  const settled = (result: UploadPageResult) =>
    wantsJson
      ? STATUS[result] < 300
        ? json(200, { result })
        : problemJson(STATUS[result], result, { result })
      : linkPage(STATUS[result], uploadResultPage(ctx, result));
  const withForm = (status: number, view: UploadLinkView, note?: UploadNote) =>
    wantsJson
      ? status < 300
        ? json(status, { result: 'stored', missing: view.missing, csrf })
        : problemJson(status, 'Document refused', {
            result: 'refused',
            detail: note !== undefined && 'refused' in note ? note.refused : '',
          })
      : linkPage(status, uploadForm(ctx, view, csrf, note));

  const view = await viewUploadLink(deps, token);
  if (view === null) return settled('notFound');
  if (event.requestContext.http.method !== 'POST') {
    if (wantsJson) return json(200, { ...publicView(view), csrf });
    return view.state === 'open' ? linkPage(200, uploadForm(ctx, view, csrf)) : settled(view.state);
  }
  const form = await multipartForm(event);
  if (forgedPost(event, form.fields, { secret, subject: csrfSubject(token), linkBaseUrl: deps.linkBaseUrl }))
    return settled('forbidden');
  if (view.state !== 'open') return settled(view.state);
  const kind = form.fields.kind ?? '';
  if (!view.missing.includes(kind)) {
    return withForm(400, view, { refused: `kind must be one of ${view.missing.join(', ')}` });
  }
  const file = form.file;
  if (file === null || file.bytes.byteLength === 0)
    return withForm(400, view, { refused: 'file is missing' });
  if (!isDocumentContentType(file.contentType)) {
    return withForm(422, view, {
      refused: `a ${file.contentType || 'file of no type'} is not taken: JPEG, PNG, HEIC or PDF`,
    });
  }
  try {
    await acceptDocument(deps, {
      claimId: view.claimId,
      kind,
      contentType: file.contentType,
      bytes: file.bytes,
      // The page sends no hash of its own: the one of the bytes received is recorded on the claim's chain.
      declaredSha256: createHash('sha256').update(file.bytes).digest('hex'),
      uploadedBy: view.memberId,
      uploaderKind: 'member',
    });
  } catch (error) {
    if (error instanceof DocumentRefused) return withForm(422, view, { refused: error.refusal.reason });
    if (error instanceof Conflict) return settled('closed');
    throw error;
  }
  const after = await viewUploadLink(deps, token);
  if (after === null || after.state !== 'open')
    return settled(
      after?.state === 'expired' ? 'expired' : view.waitsFor === 'ticket' ? 'received' : 'complete',
    );
  return withForm(200, after, { stored: kind });
}

/** What a script sees of the link: never the member's id. */
function publicView({ memberId: _member, ...view }: UploadLinkView) {
  return view;
}
