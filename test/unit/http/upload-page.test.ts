import { describe, expect, it } from 'vitest';
import { uploadForm, uploadResultPage } from '../../../functions/http/upload-page.ts';
import type { UploadLinkView } from '../../../functions/usecases/upload-link.ts';

const view: UploadLinkView = {
  state: 'open',
  claimId: 'C01KZ0000000000000000000001',
  memberId: 'M000001',
  missing: ['invoice', 'discharge-summary'],
  expiresAt: '2026-12-05T08:39:00.000Z',
  waitsFor: 'required',
};

describe('upload page', () => {
  describe('uploadForm', () => {
    it('lists each missing document by its name in Chinese, with a multipart file form and the form token', () => {
      const page = uploadForm({ lang: 'zh', langSwitch: true }, view, 'tok"en');
      expect(page).toContain('<html lang="zh-CN"');
      expect(page).toContain('<legend>发票</legend>');
      expect(page).toContain('<legend>出院小结</legend>');
      expect(page.match(/<form method="post" enctype="multipart\/form-data">/g)).toHaveLength(2);
      expect(page).toContain('name="kind" value="discharge-summary"');
      expect(page).toContain('accept="image/jpeg,image/png,image/heic,application/pdf"');
      // The form token is escaped; the window's end in Beijing time.
      expect(page).toContain('value="tok&#34;en"');
      expect(page).toContain('2026-12-05 16:39');
      expect(page).not.toContain('M000001');
    });

    it('speaks English, and says what the last upload did', () => {
      const stored = uploadForm({ lang: 'en', langSwitch: true }, view, 't', { stored: 'invoice' });
      expect(stored).toContain('<legend>Invoice</legend>');
      expect(stored).toContain('Received: Invoice.');
      const refused = uploadForm({ lang: 'en', langSwitch: true }, view, 't', {
        refused: 'the file is a <script> not a PDF',
      });
      expect(refused).toContain('role="alert"');
      expect(refused).toContain('&#60;script&#62;');
      expect(refused).not.toContain('<script>');
    });

    it("a ticket's request: says the union asks, with its note escaped, in Chinese and English", () => {
      const asked: UploadLinkView = {
        ...view,
        missing: ['certificate'],
        waitsFor: 'ticket',
        note: '证书<姓名>不清',
      };
      const zh = uploadForm({ lang: 'zh', langSwitch: true }, asked, 't');
      expect(zh).toContain('工会处理您的申请 C01KZ0000000000000000000001 时需要以下材料');
      expect(zh).toContain('工会说明：证书&#60;姓名&#62;不清');
      expect(zh).not.toContain('还缺少以下材料');
      expect(zh.match(/enctype="multipart\/form-data"/g)).toHaveLength(1);
      const en = uploadForm({ lang: 'en', langSwitch: true }, asked, 't');
      expect(en).toContain('Your union needs the documents below');
      expect(en).toContain('<legend>Certificate</legend>');
    });
  });

  describe('uploadResultPage', () => {
    it.each([
      ['complete', 'Every required document is here'],
      ['received', 'Every document asked for is here'],
      ['closed', 'no longer waits for documents'],
      ['expired', 'has expired'],
      ['notFound', 'does not exist'],
      ['forbidden', 'no longer valid'],
    ] as const)('%s: says so, with no form', (result, text) => {
      const page = uploadResultPage({ lang: 'en', langSwitch: true }, result);
      expect(page).toContain(text);
      expect(page).not.toContain('<form');
    });
  });
});
