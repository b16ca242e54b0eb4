import { escapeHtml } from '../domain/html.ts';
import { evidenceLabel } from '../domain/programs/labels.ts';
import type { PageDocument } from '../usecases/approval-documents.ts';
import type { Lang } from './i18n.ts';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/heic': 'HEIC',
  'application/pdf': 'PDF',
};

const TEXTS = {
  zh: {
    heading: '材料文件',
    none: '尚未上传材料文件',
    open: (type: string) => `打开 ${type} 文件`,
    preview: (label: string) => `${label}预览图`,
    heicNote: '（部分浏览器无法直接显示 HEIC 图片）',
    note: '点击打开原文件；每次查看均记入此申请的审计记录，打开的链接 5 分钟内有效。',
  },
  en: {
    heading: 'Documents',
    none: 'No documents uploaded yet',
    open: (type: string) => `Open the ${type} file`,
    preview: (label: string) => `Preview of the ${label.toLowerCase()}`,
    heicNote: ' (some browsers cannot show HEIC images)',
    note: 'Select a document to open it; each view is recorded on the claim’s audit trail, and the link it opens works for 5 minutes.',
  },
} as const;

/** `1234567` → `1.2 MB`, `2048` → `2 KB` (powers of 1024, as file managers show them). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Where a document is viewed through the link (relative to the link's page `/a/{linkId}`). */
export function documentHref(linkId: string, documentId: string, thumbnail: boolean, lang: Lang): string {
  const path = `${encodeURIComponent(linkId)}/documents/${encodeURIComponent(documentId)}`;
  return thumbnail ? `${path}?thumb=1` : `${path}?lang=${lang}`;
}

/**
 * The claim's stored documents on the approval page: each with its kind, type and size, and a thumbnail
 * or a plain link, both through the link's own route (which records the view, then redirects to a
 * short-lived signed URL). Nothing is shown when the claim has no document list (`undefined`).
 */
export function documentsBlock(
  lang: Lang,
  linkId: string,
  documents: readonly PageDocument[] | undefined,
): string {
  if (documents === undefined) return '';
  const t = TEXTS[lang];
  if (documents.length === 0) {
    return `<h2>${escapeHtml(t.heading)}</h2><p class="note">${escapeHtml(t.none)}</p>`;
  }
  const items = documents
    .map((d) => {
      const label = evidenceLabel(d.kind)[lang];
      const type = TYPE_NAMES[d.contentType] ?? d.contentType;
      const href = escapeHtml(documentHref(linkId, d.documentId, false, lang));
      const caption = `<span class="doc-label">${escapeHtml(label)}</span> · ${escapeHtml(type)} · ${escapeHtml(fileSize(d.bytes))}`;
      const body =
        d.preview === 'thumbnail'
          ? `<a href="${href}" target="_blank" rel="noopener"><img src="${escapeHtml(documentHref(linkId, d.documentId, true, lang))}" alt="${escapeHtml(t.preview(label))}" width="160" loading="lazy" decoding="async"></a>`
          : `<a class="doc-link" href="${href}" target="_blank" rel="noopener">${escapeHtml(t.open(type))}</a>${d.contentType === 'image/heic' ? escapeHtml(t.heicNote) : ''}`;
      return `<li class="doc" data-document="${escapeHtml(d.documentId)}">${body}<span class="doc-meta">${caption}</span></li>`;
    })
    .join('');
  return `<section class="docs"><h2>${escapeHtml(t.heading)}</h2><ul class="docs">${items}</ul><p class="note">${escapeHtml(t.note)}</p></section>`;
}

/** The page's style for the list (thumbnails at most 160 px wide, wrapping on a phone). */
export const DOCUMENTS_STYLE =
  'ul.docs{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.8rem}li.doc{max-width:10.5rem;font-size:.9rem;overflow-wrap:anywhere}li.doc a{display:block}.doc-meta{display:block;margin-top:.2rem}li.doc img{display:block;max-width:160px;height:auto;border:1px solid #ccc;border-radius:.3rem;background:#f3f3f3}';
