import { describe, expect, it } from 'vitest';
import type { Claim, ClaimStatus } from '../../../functions/domain/claim.ts';
import type { PayoutRecord } from '../../../functions/ports/payments-store.ts';
import {
  approvedBudget,
  budgetOf,
  commit,
  pay,
  release,
  reserve,
  reserveAgain,
  reverseApproval,
  reversePayout,
} from '../../../functions/usecases/ledger.ts';

const CONSUMES = { year: 2026, fen: 150_000, days: 0, costsFen: 0 };
const EVIDENCE = [{ kind: 'invoice', number: 'FP-0001' }];
/** Approved on the last evening of 2026 in Beijing: the first hours of 2027 there. */
const APPROVED_AT = '2026-12-31T17:30:00.000Z';

/** A claim that passed the rules (CNY 1500, holding one invoice), in a status, approved or not. */
function claimIn(status: ClaimStatus, approved = true): Claim {
  return {
    claimId: 'C-LEDGER',
    memberId: 'M000001',
    unitCode: 'BJ-HD-001',
    unitPath: 'BJ/BJ-HD/BJ-HD-001',
    program: 'skill-boost',
    benefit: 'technician',
    incidentDate: '2026-11-20',
    facts: {},
    evidence: EVIDENCE,
    payee: { name: '黄晓彤', bankName: '中国工商银行', accountMasked: '****3445' },
    status,
    version: 4,
    submittedAt: '2026-11-25T02:00:00.000Z',
    submittedBy: { kind: 'member', id: 'M000001' },
    updatedAt: '2027-01-05T02:00:00.000Z',
    rules: { passed: true, amountFen: 150_000, programVersion: '2015.1', results: [], consumes: CONSUMES },
    heldEvidence: EVIDENCE,
    ...(approved
      ? {
          approval: {
            level: 1,
            decision: 'approve' as const,
            approverId: 'A-1',
            reason: '',
            decidedAt: APPROVED_AT,
          },
        }
      : {}),
  };
}

/** The same claim judged by rules it did not pass (it reserved nothing). */
function failedRules(status: ClaimStatus): Claim {
  return {
    ...claimIn(status),
    rules: { passed: false, amountFen: 0, programVersion: '2015.1', results: [] },
  };
}

const KEY = { memberId: 'M000001', program: 'skill-boost', benefit: 'technician', year: 2026 };
const BUDGET_2027 = { unitCode: 'BJ-HD-001', programId: 'skill-boost', year: 2027 };
const RELEASED = [
  { kind: 'releaseUsage', key: KEY, consumes: CONSUMES },
  { kind: 'releaseEvidence', evidence: EVIDENCE },
];

describe('ledger', () => {
  describe('budgetOf', () => {
    it("draws on the unit's budget of the Beijing year of the approval", () => {
      expect(budgetOf(claimIn('APPROVED'), APPROVED_AT)).toEqual(BUDGET_2027);
      expect(approvedBudget(claimIn('AWAITING_FUNDS'))).toEqual(BUDGET_2027);
      expect(budgetOf({ ...claimIn('APPROVED'), unitCode: null }, APPROVED_AT)).toBeNull();
    });

    it('falls back to the last change for a claim stored without an approval', () => {
      expect(approvedBudget(claimIn('ON_HOLD', false))?.year).toBe(2027);
    });
  });

  describe('reserve and commit', () => {
    it('reserves the usage within the limits and holds the paying evidence', () => {
      const limits = { programCapFen: 500_000, benefitCapFen: null, maxDays: null, maxClaims: 1 };
      expect(reserve(claimIn('MEMBERSHIP_VERIFIED'), CONSUMES, limits, EVIDENCE)).toEqual([
        { kind: 'reserveUsage', key: KEY, consumes: CONSUMES, limits },
        { kind: 'holdEvidence', evidence: EVIDENCE },
      ]);
    });

    it('reserves the usage again (no evidence) for a claim paid again', () => {
      expect(reserveAgain(claimIn('AWAITING_CORRECTION'), null)).toEqual([
        {
          kind: 'reserveUsage',
          key: KEY,
          consumes: CONSUMES,
          limits: { programCapFen: null, benefitCapFen: null, maxDays: null, maxClaims: null },
        },
      ]);
      expect(reserveAgain(failedRules('AWAITING_CORRECTION'), null)).toEqual([]);
    });

    it('commits the amount against the budget of the approval year', () => {
      expect(commit(claimIn('AWAITING_APPROVAL'), APPROVED_AT)).toEqual([
        { kind: 'commitBudget', budget: BUDGET_2027, amountFen: 150_000, sign: 1 },
      ]);
    });

    it('pays by recording the payout against its budget', () => {
      const payout = { payoutId: 'PO-C-LEDGER-01', amountFen: 150_000, paidAt: APPROVED_AT };
      expect(pay(payout, BUDGET_2027)).toEqual([{ kind: 'recordPayout', payout, budget: BUDGET_2027 }]);
    });
  });

  describe('release', () => {
    it('gives back the usage and the evidence of a claim that will not be paid', () => {
      expect(release(claimIn('AWAITING_APPROVAL'))).toEqual(RELEASED);
    });

    it('gives back nothing for a paid claim or one that failed the rules', () => {
      expect(release(claimIn('PAID'))).toEqual([]);
      expect(release(failedRules('AWAITING_APPROVAL'))).toEqual([]);
    });
  });

  describe('reverseApproval', () => {
    it.each(['APPROVED', 'AWAITING_FUNDS', 'ON_HOLD'] as const)(
      'an approved claim %s gives back its reservations and its commitment of the approval year',
      (status) => {
        expect(reverseApproval(claimIn(status))).toEqual([
          ...RELEASED,
          { kind: 'commitBudget', budget: BUDGET_2027, amountFen: 150_000, sign: -1 },
        ]);
      },
    );

    it('a claim not yet approved, or held without an approval, gives back only its reservations', () => {
      expect(reverseApproval(claimIn('AWAITING_APPROVAL', false))).toEqual(RELEASED);
      expect(reverseApproval(claimIn('RULES_PASSED', false))).toEqual(RELEASED);
      expect(reverseApproval(claimIn('ON_HOLD', false))).toEqual(RELEASED);
    });

    it('a paid claim gives back nothing (a returned payout is reversed on its own)', () => {
      expect(reverseApproval(claimIn('PAID'))).toEqual([]);
    });
  });

  describe('reversePayout', () => {
    it("returns the payout to the budget it was paid from and gives back the member's usage", () => {
      const payout: PayoutRecord = {
        payoutId: 'PO-C-LEDGER-01',
        claimId: 'C-LEDGER',
        amountFen: 150_000,
        paidAt: APPROVED_AT,
        unitCode: 'BJ-HD-001',
        programId: 'skill-boost',
        year: 2027,
        batchId: 'B-1',
        status: 'PENDING',
        settledAt: null,
        returnReason: null,
      };
      expect(reversePayout(claimIn('PAID'), payout, '2027-02-01T00:00:00.000Z', 'account closed')).toEqual([
        {
          kind: 'returnPayout',
          payoutId: payout.payoutId,
          budget: BUDGET_2027,
          amountFen: 150_000,
          at: '2027-02-01T00:00:00.000Z',
          reason: 'account closed',
        },
        { kind: 'releaseUsage', key: KEY, consumes: CONSUMES },
      ]);
    });
  });
});
