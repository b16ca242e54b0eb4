import { describe, expect, it } from 'vitest';
import { payeeForm } from '../../../functions/http/payee-page.ts';
import type { PayeeLinkView } from '../../../functions/usecases/payee-correction.ts';

const view: PayeeLinkView = {
  state: 'open',
  claimId: 'C01KZ0000000000000000000001',
  payee: { name: '王芳', bankName: '中国建设银行北京西城支行', accountMasked: '***************4567' },
  expiresAt: '2026-12-19T16:20:00.000Z',
};

describe('payee page', () => {
  describe('payeeForm', () => {
    it('says until when the change can be confirmed, in Beijing time', () => {
      expect(payeeForm({ lang: 'zh', langSwitch: true }, view, 'csrf')).toContain(
        '请在 2026-12-20 00:20（北京时间）前确认。',
      );
      expect(payeeForm({ lang: 'en', langSwitch: true }, view, 'csrf')).toContain(
        'You can confirm until 2026-12-20 00:20 Beijing time.',
      );
    });
  });
});
