import { describe, expect, it } from 'vitest';
import { conflictOfInterest, partiesOf } from '../../functions/domain/separation.ts';

const claim = {
  submittedBy: { kind: 'staff', id: '5b0c7f0e-0d1e-4a55-9d0b-3f1c2a9e7a11' },
  memberId: 'M000007',
  payee: { name: '黄晓彤', bankName: '工行', accountMasked: '****3445' },
  approval: { level: 2, decision: 'approve', approverId: 'A-BJ-HD', reason: '', decidedAt: '2026-12-01' },
} as const;
const parties = partiesOf(claim, ['A-BJ-HD-001', 'A-BJ-HD']);
const someone = { subject: 'c1d2e3f4-a5b6-4c7d-8e9f-001122334455', memberId: null, approverId: null };

describe('separation of duties', () => {
  describe('conflictOfInterest', () => {
    it('lets someone who took no part act as the second person', () => {
      expect(conflictOfInterest(someone, parties)).toBeNull();
    });
    it('refuses the submitter by token subject', () => {
      expect(conflictOfInterest({ ...someone, subject: claim.submittedBy.id }, parties)).toMatch(/submitted/);
    });
    it('refuses the claimant by member id, whatever the subject', () => {
      expect(conflictOfInterest({ ...someone, memberId: 'M000007' }, parties)).toMatch(/own claim/);
    });
    it('refuses the payee by the caller’s registered name', () => {
      expect(conflictOfInterest(someone, parties, '黄 晓彤')).toMatch(/payee/);
    });
    it('refuses an approver of any level by approver id, not by subject', () => {
      expect(conflictOfInterest({ ...someone, approverId: 'A-BJ-HD-001' }, parties)).toMatch(/decided/);
      expect(conflictOfInterest({ ...someone, approverId: 'A-BJ' }, parties)).toBeNull();
    });
  });
});
