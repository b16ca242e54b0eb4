import { describe, expect, it } from 'vitest';
import { documentsBlock, fileSize } from '../../../functions/http/documents-block.ts';
import type { PageDocument } from '../../../functions/usecases/approval-documents.ts';

const LINK = 'Ab3dEf6hIj9kLm2nOp5qRs';
const DOCS: PageDocument[] = [
  { documentId: 'D1', kind: 'invoice', contentType: 'image/jpeg', bytes: 1_250_000, preview: 'thumbnail' },
  {
    documentId: 'D2',
    kind: 'discharge-summary',
    contentType: 'application/pdf',
    bytes: 48_000,
    preview: 'link',
  },
  { documentId: 'D3', kind: 'death-certificate', contentType: 'image/heic', bytes: 900, preview: 'link' },
];

describe('documentsBlock', () => {
  it('lists each document with its kind, type and size, a thumbnail for images and a link for the rest (Chinese)', () => {
    const html = documentsBlock('zh', LINK, DOCS);
    expect(html).toContain('<h2>材料文件</h2>');
    expect(html).toContain(`<img src="${LINK}/documents/D1?thumb=1" alt="发票预览图"`);
    expect(html).toContain(`href="${LINK}/documents/D1?lang=zh"`);
    expect(html).toContain('发票</span> · JPEG · 1.2 MB');
    expect(html).toContain(`<a class="doc-link" href="${LINK}/documents/D2?lang=zh"`);
    expect(html).toContain('打开 PDF 文件');
    expect(html).toContain('出院小结</span> · PDF · 47 KB');
    expect(html).toContain('打开 HEIC 文件</a>（部分浏览器无法直接显示 HEIC 图片）');
    expect(html.match(/<img /g)).toHaveLength(1);
  });

  it('says the same in English, and that views are recorded', () => {
    const html = documentsBlock('en', LINK, DOCS);
    expect(html).toContain('<h2>Documents</h2>');
    expect(html).toContain('alt="Preview of the invoice"');
    expect(html).toContain('Open the PDF file');
    expect(html).toContain('Death certificate</span> · HEIC · 900 B');
    expect(html).toContain('each view is recorded');
  });

  it('escapes what it shows, says when there is none, and shows nothing without a list', () => {
    const odd = documentsBlock('en', 'L"<x>', [{ ...DOCS[1], kind: '<b>x</b>' } as PageDocument]);
    expect(odd).not.toContain('<b>x</b>');
    expect(odd).toContain('L%22%3Cx%3E/documents/D2');
    expect(documentsBlock('en', LINK, [])).toContain('No documents uploaded yet');
    expect(documentsBlock('en', LINK, undefined)).toBe('');
  });

  it('formats sizes as file managers do', () => {
    expect(fileSize(10 * 1024 * 1024)).toBe('10.0 MB');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(12)).toBe('12 B');
  });
});
