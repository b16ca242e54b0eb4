import { type ClaimDocument, thumbnailObjectKey } from '../domain/documents/document.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import { THUMBNAIL_SOURCE_TYPES, type Thumbnails } from '../ports/thumbnails.ts';
import { type ApprovalPageData, viewApproval } from './approval-link.ts';
import type { Deps } from './deps.ts';

/** A stored document as the approval page lists it (never its object key). */
export interface PageDocument {
  readonly documentId: string;
  readonly kind: string;
  readonly contentType: string;
  readonly bytes: number;
  /** A server-made thumbnail (JPEG, PNG), or a plain labelled link (PDF, HEIC). */
  readonly preview: 'thumbnail' | 'link';
}

/** How long the signed URL a view redirects to stays valid. */
export const VIEW_URL_SECONDS = 300;

type DocumentViewDeps = Pick<Deps, 'documents' | 'documentFiles'>;

/** The claim's stored documents as the page lists them, oldest first. */
export async function pageDocuments(
  deps: Pick<DocumentViewDeps, 'documents'>,
  claimId: string,
): Promise<PageDocument[]> {
  const all = await deps.documents.listDocuments(claimId);
  return all
    .filter((d) => d.status === 'STORED')
    .map((d) => ({
      documentId: d.documentId,
      kind: d.kind,
      contentType: d.contentType,
      bytes: d.bytes,
      preview: THUMBNAIL_SOURCE_TYPES.has(d.contentType) ? 'thumbnail' : 'link',
    }));
}

export type ViewOutcome =
  | { readonly result: 'redirect'; readonly url: string; readonly claimId: string }
  /** No such link, no such stored document on its claim, or no thumbnail of this type. */
  | { readonly result: 'not-found' }
  /** The link no longer shows the claim (decided, closed or expired): its documents neither. */
  | { readonly result: 'expired' | 'closed' | 'already-decided'; readonly claimId: string };

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/**
 * GET /a/{linkId}/documents/{documentId}[?thumb=1]: one of the claim's stored documents (or its
 * thumbnail, made once and kept beside it), for the link's approver while the link is pending. The view
 * is an audit event of the claim (who: the link's approver; what: the document's id, kind and SHA-256),
 * recorded before the answer: a short-lived signed URL of the object (VIEW_URL_SECONDS).
 */
export async function viewDocument(
  deps: Pick<Deps, 'claims' | 'registry' | 'now'> & DocumentViewDeps & { readonly thumbnails: Thumbnails },
  input: { readonly linkId: string; readonly documentId: string; readonly thumbnail: boolean },
): Promise<ViewOutcome> {
  const page = await viewApproval(deps, input.linkId);
  if (page === null) return { result: 'not-found' };
  const claimId = page.claim.claimId;
  if (page.state !== 'pending') {
    return { result: page.state === 'decided' ? 'already-decided' : page.state, claimId };
  }
  const document = (await deps.documents.listDocuments(claimId)).find(
    (d) => d.documentId === input.documentId && d.status === 'STORED',
  );
  if (document === undefined) return { result: 'not-found' };
  let key = document.objectKey;
  if (input.thumbnail) {
    if (!THUMBNAIL_SOURCE_TYPES.has(document.contentType)) return { result: 'not-found' };
    key = thumbnailObjectKey(document.objectKey);
    if ((await deps.documentFiles.read(key)) === null) {
      const original = await deps.documentFiles.read(document.objectKey);
      const made = original === null ? null : await deps.thumbnails.make(original, document.contentType);
      if (made === null) return { result: 'not-found' };
      await deps.documentFiles.put(key, made.bytes, made.contentType);
    }
  }
  await recordView(deps, page, document, input.thumbnail);
  const extension = input.thumbnail ? 'jpg' : (EXTENSIONS[document.contentType] ?? 'bin');
  const url = await deps.documentFiles.viewUrl(key, {
    expiresInSeconds: VIEW_URL_SECONDS,
    fileName: `${document.kind}-${document.documentId}${input.thumbnail ? '-thumb' : ''}.${extension}`,
  });
  return { result: 'redirect', url, claimId };
}

/** The view on the claim's audit chain, whatever else changed the claim meanwhile. */
async function recordView(
  deps: Pick<Deps, 'claims' | 'now'>,
  page: ApprovalPageData,
  document: ClaimDocument,
  thumbnail: boolean,
): Promise<void> {
  let claim = page.claim;
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.claims.change(claim, {
        to: claim.status,
        actor: { kind: 'approver', id: page.approverId },
        action: thumbnail ? 'document-thumbnail-viewed' : 'document-viewed',
        reason: `document ${document.documentId} (${document.kind}, ${document.contentType}, sha256 ${document.sha256})${thumbnail ? ' thumbnail' : ''} viewed through approval link of level ${page.level}`,
        at: deps.now().toISOString(),
      });
      return;
    } catch (error) {
      if (!(error instanceof ClaimConflictError && error.conflict === 'stale-claim') || attempt >= 4)
        throw error;
      const fresh = await deps.claims.get(claim.claimId);
      if (fresh === null) throw error;
      claim = fresh;
    }
  }
}
