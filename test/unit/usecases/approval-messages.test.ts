import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import { approvalMessages } from '../../../functions/usecases/approval-messages.ts';
import { smsLength } from '../../../functions/usecases/sms-texts.ts';

const claim = {
  claimId: 'C01KZ0000000000000000000009',
  memberId: 'M000001',
  program: 'skill-boost',
  benefit: 'senior-technician',
  incidentDate: '2026-10-01',
  rules: { passed: true, amountFen: 2000_00, programVersion: '2015.1', results: [] },
  approvalChain: [{ level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' }],
} as unknown as Claim;
const approver = {
  approverId: 'A-BJ-HD-001-1',
  unitCode: 'BJ-HD-001',
  name: '王芳',
  email: 'wang.fang@bj-hd.union.example',
  mobile: '13800138000',
  memberId: null,
};
const url = 'https://claims.example-union.cn/a/Ab3dEf6hIj9kLm2nOp5qRs';

describe('approvalMessages', () => {
  it('gives the deadline in Beijing time, the day after when it is past 16:00 UTC', () => {
    const [email] = approvalMessages(claim, approver, url, '2026-12-08T16:39:00.000Z', 1);
    expect(email?.text).toContain('请在 2026-12-09 00:39（北京时间）前打开链接审批');
    expect(email?.text).toContain('Please decide before 2026-12-09 00:39 Beijing time');
    expect(email?.text).not.toContain('UTC');
  });

  it("names the claim's date by its benefit: a certificate's date, not an accident's", () => {
    const [email] = approvalMessages(claim, approver, url, '2026-12-08T08:39:00.000Z', 1);
    expect(email?.text).toContain('取证日期 2026-10-01');
    expect(email?.text).toContain('certificate date 2026-10-01');
    expect(email?.text).not.toContain('事故日期');
    expect(email?.text).not.toContain('incident');
  });

  it('sends the link by SMS in one part', () => {
    const [, sms] = approvalMessages(claim, approver, url, '2026-12-08T08:39:00.000Z', 1);
    expect(sms?.text.endsWith(url)).toBe(true);
    expect(smsLength(sms?.text ?? '')).toBeLessThanOrEqual(70);
  });
});
