import { describe, expect, it } from 'vitest';
import { conflictOfInterest } from '../../../functions/domain/parties.ts';

const SUBMITTER = '5b0c7f0e-0d1e-4a55-9d0b-3f1c2a9e7a11';
const claim = {
  memberId: 'M000007',
  submittedBy: { kind: 'staff', id: SUBMITTER },
  parties: {
    claimant: { memberId: 'M000007' },
    submitter: { kind: 'staff', subject: SUBMITTER, memberId: 'M000900', approverId: 'A-BJ-HD-001-2' },
    payee: { name: '黄晓彤' },
  },
  payee: { name: '黄晓彤', bankName: '工行', accountMasked: '****3445' },
} as const;
const decided = ['A-BJ-HD-001', 'A-BJ-HD'];
const someone = { subject: 'c1d2e3f4-a5b6-4c7d-8e9f-001122334455', memberId: null, approverId: null };

describe('separation of duties', () => {
  describe('conflictOfInterest (the second person of a maker-checker step)', () => {
    it('lets someone who took no part act as the second person', () => {
      expect(conflictOfInterest(someone, claim, decided)).toBeNull();
    });
    it('refuses the submitter by token subject, by member id and by approver id', () => {
      expect(conflictOfInterest({ ...someone, subject: SUBMITTER }, claim, decided)).toMatch(/submitted/);
      expect(conflictOfInterest({ ...someone, memberId: 'M000900' }, claim, decided)).toMatch(/submitted/);
      expect(conflictOfInterest({ ...someone, approverId: 'A-BJ-HD-001-2' }, claim, decided)).toMatch(
        /submitted/,
      );
    });
    it('refuses the claimant by member id, whatever the subject', () => {
      expect(conflictOfInterest({ ...someone, memberId: 'M000007' }, claim, decided)).toMatch(/own claim/);
    });
    it('refuses the payee by the caller’s registered name', () => {
      expect(conflictOfInterest(someone, claim, decided, '黄 晓彤')).toMatch(/payee/);
      expect(conflictOfInterest(someone, claim, decided, '黄晓明')).toBeNull();
    });
    it('refuses an approver of any level by approver id, never a subject against an approver id', () => {
      expect(conflictOfInterest({ ...someone, approverId: 'A-BJ-HD-001' }, claim, decided)).toMatch(
        /decided/,
      );
      expect(conflictOfInterest({ ...someone, approverId: 'A-BJ' }, claim, decided)).toBeNull();
      expect(conflictOfInterest({ ...someone, subject: 'A-BJ-HD' }, claim, ['A-OTHER'])).toBeNull();
    });
    it('goes by submittedBy for a claim stored before its parties were recorded', () => {
      const { parties: _recorded, ...older } = claim;
      expect(conflictOfInterest({ ...someone, subject: SUBMITTER }, older, decided)).toMatch(/submitted/);
      expect(conflictOfInterest(someone, older, decided)).toBeNull();
    });
  });
});
