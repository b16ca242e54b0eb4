import { describe, expect, it } from 'vitest';
import { uploadForm, uploadResultPage } from '../../../functions/http/upload-page.ts';
import type { UploadLinkView } from '../../../functions/usecases/upload-link.ts';

const view: UploadLinkView = {
  state: 'open',
  claimId: 'C01KZ0000000000000000000001',
  memberId: 'M000001',
  missing: ['invoice', 'discharge-summary'],
  expiresAt: '2026-12-05T08:39:00.000Z',
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
  });

  describe('uploadResultPage', () => {
    it.each([
      ['complete', 'Every required document is here'],
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
