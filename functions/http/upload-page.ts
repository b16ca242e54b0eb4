import { beijingTimeText } from '../domain/calendar.ts';
import { escapeHtml } from '../domain/html.ts';
import { evidenceLabel } from '../domain/programs/labels.ts';
import type { UploadLinkView } from '../usecases/upload-link.ts';
import { type PageContext, page } from './approval-page.ts';
import type { Lang } from './i18n.ts';

/** What the member may send: the types an upload accepts (checked again from the bytes). */
export const ACCEPTED_TYPES = 'image/jpeg,image/png,image/heic,application/pdf';

const TEXT = {
  zh: {
    title: '上传申请材料',
    intro: (claimId: string) =>
      `您的申请 ${claimId} 还缺少以下材料，请逐项上传（JPEG、PNG、HEIC 或 PDF，不超过 10 MB）：`,
    asked: (claimId: string) =>
      `工会处理您的申请 ${claimId} 时需要以下材料，请逐项上传（JPEG、PNG、HEIC 或 PDF，不超过 10 MB）：`,
    note: (note: string) => `工会说明：${note}`,
    submit: '上传',
    stored: (kind: string) => `已收到：${kind}。`,
    complete: '所需材料已齐全，申请将继续审批。谢谢！',
    received: '所要的材料已收到，工会将继续处理您的申请。谢谢！',
    closed: '这份申请已不再等待材料。',
    expired: '这个上传链接已过期，请联系所在工会。',
    notFound: '找不到这个上传链接。',
    forbidden: '表单已失效，请重新打开链接后再提交。',
    refused: (reason: string) => `文件未被接受：${reason}`,
    until: (at: string) => `请在 ${at}前上传，逾期申请将不予通过。`,
  },
  en: {
    title: 'Upload your documents',
    intro: (claimId: string) =>
      `Your claim ${claimId} still lacks the documents below; please upload each (JPEG, PNG, HEIC or PDF, up to 10 MB):`,
    asked: (claimId: string) =>
      `Your union needs the documents below to go on with your claim ${claimId}; please upload each (JPEG, PNG, HEIC or PDF, up to 10 MB):`,
    note: (note: string) => `Your union’s note: ${note}`,
    submit: 'Upload',
    stored: (kind: string) => `Received: ${kind}.`,
    complete: 'Every required document is here: the claim goes on to approval. Thank you!',
    received: 'Every document asked for is here: your union goes on with the claim. Thank you!',
    closed: 'This claim no longer waits for documents.',
    expired: 'This upload link has expired: please contact your union.',
    notFound: 'This upload link does not exist.',
    forbidden: 'The form is no longer valid: open the link again and send it from there.',
    refused: (reason: string) => `The file was not accepted: ${reason}`,
    until: (at: string) => `Please upload them by ${at}; after that the claim is rejected.`,
  },
} as const satisfies Record<Lang, unknown>;

export type UploadPageResult = 'complete' | 'received' | 'closed' | 'expired' | 'notFound' | 'forbidden';

/** A note above the forms: what the last upload did. */
export type UploadNote = { readonly stored: string } | { readonly refused: string };

const label = (kind: string, lang: Lang) => evidenceLabel(kind)[lang];

/**
 * The missing documents, one file form each (multipart, with the form token), and until when; for a
 * ticket's request, the union's note too.
 */
export function uploadForm(ctx: PageContext, view: UploadLinkView, csrf: string, note?: UploadNote): string {
  const t = TEXT[ctx.lang];
  const said =
    note === undefined
      ? ''
      : 'stored' in note
        ? `<p class="ok" role="status">${escapeHtml(t.stored(label(note.stored, ctx.lang)))}</p>`
        : `<p class="no" role="alert">${escapeHtml(t.refused(note.refused))}</p>`;
  const intro =
    view.waitsFor === 'ticket'
      ? `${t.asked(view.claimId)}${view.note === undefined ? '' : ` ${t.note(view.note)}`}`
      : t.intro(view.claimId);
  const forms = view.missing
    .map(
      (kind) =>
        `<form method="post" enctype="multipart/form-data"><fieldset><legend>${escapeHtml(label(kind, ctx.lang))}</legend><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="kind" value="${escapeHtml(kind)}"><input type="file" name="file" accept="${ACCEPTED_TYPES}" required> <button type="submit">${escapeHtml(t.submit)}</button></fieldset></form>`,
    )
    .join('');
  return page(
    ctx,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>${said}<p>${escapeHtml(intro)}</p>${forms}<p class="note">${escapeHtml(t.until(beijingTimeText(view.expiresAt, ctx.lang)))}</p>`,
  );
}

/** A short page saying what became of the upload (or why there is no form). */
export function uploadResultPage(ctx: PageContext, result: UploadPageResult): string {
  const t = TEXT[ctx.lang];
  const kind = result === 'complete' || result === 'received' ? 'ok' : 'note';
  return page(ctx, t.title, `<h1>${escapeHtml(t.title)}</h1><p class="${kind}">${escapeHtml(t[result])}</p>`);
}
