import { describe, expect, it } from 'vitest';
import { type FraudInput, type ScanOptions, scanForFraud } from '../../../../functions/domain/fraud/index.ts';
import { approver, at, claim, member, NOW, snapshot } from '../../../fixtures/fraud.ts';

function flagsOf(rule: string, input: FraudInput, options: ScanOptions = {}) {
  return scanForFraud(input, { ...options, rules: [rule] });
}

describe('fraud rules', () => {
  describe('evidence-reuse', () => {
    it('flags one invoice number on two claims, compared by evidenceKey', () => {
      // Prepare
      const input = snapshot([
        claim('A', { evidence: [{ kind: 'invoice', number: 'inv-1' }] }),
        claim('B', { memberId: 'M2', evidence: [{ kind: 'invoice', number: ' INV-1 ' }] }),
        claim('C'),
      ]);
      // Act
      const flags = flagsOf('evidence-reuse', input);
      // Assess
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        rule: 'evidence-reuse',
        claimIds: ['A', 'B'],
        memberIds: ['M1', 'M2'],
        key: 'evidence-reuse|invoice#INV-1',
        score: 90,
      });
      expect(flags[0]?.what.en).toContain('invoice INV-1 appears on 2 claims: A, B');
      expect(flags[0]?.what.zh).toContain('A、B');
    });

    it('does not flag one number listed twice on one claim, nor the same number of another kind', () => {
      const input = snapshot([
        claim('A', {
          evidence: [
            { kind: 'invoice', number: 'X-1' },
            { kind: 'invoice', number: 'x-1' },
          ],
        }),
        claim('B', { evidence: [{ kind: 'certificate', number: 'X-1' }] }),
      ]);
      expect(flagsOf('evidence-reuse', input)).toEqual([]);
    });
  });

  describe('shared-payee', () => {
    it('flags one bank account paid for three members', () => {
      const input = snapshot([
        claim('A', { memberId: 'M1', payeeAccountHash: 'h-shared' }),
        claim('B', { memberId: 'M2', payeeAccountHash: 'h-shared' }),
        claim('C', { memberId: 'M3', payeeAccountHash: 'h-shared' }),
        claim('D', { memberId: 'M3', payeeAccountHash: 'h-shared' }),
      ]);
      const flags = flagsOf('shared-payee', input);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        claimIds: ['A', 'B', 'C', 'D'],
        memberIds: ['M1', 'M2', 'M3'],
        key: 'shared-payee|h-shared',
      });
      expect(flags[0]?.what.en).toContain('3 members');
    });

    it('does not flag an account shared by two members, or claims without a payee hash', () => {
      const input = snapshot([
        claim('A', { memberId: 'M1', payeeAccountHash: 'h-shared' }),
        claim('B', { memberId: 'M2', payeeAccountHash: 'h-shared' }),
        claim('C', { memberId: 'M3', payeeAccountHash: null }),
        claim('D', { memberId: 'M4', payeeAccountHash: null }),
        claim('E', { memberId: 'M5', payeeAccountHash: null }),
      ]);
      expect(flagsOf('shared-payee', input)).toEqual([]);
    });

    it('takes the minimum number of members as an option', () => {
      const input = snapshot([
        claim('A', { memberId: 'M1', payeeAccountHash: 'h' }),
        claim('B', { memberId: 'M2', payeeAccountHash: 'h' }),
      ]);
      expect(flagsOf('shared-payee', input, { sharedPayeeMinMembers: 2 })).toHaveLength(1);
    });
  });

  describe('shared-mobile', () => {
    it('flags one mobile on three members, with their claims', () => {
      const input = snapshot([claim('A', { memberId: 'M1' })], {
        members: ['M1', 'M2', 'M3'].map((id) => member(id, { mobileHash: 'm-shared' })),
      });
      const flags = flagsOf('shared-mobile', input);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        claimIds: ['A'],
        memberIds: ['M1', 'M2', 'M3'],
        key: 'shared-mobile|m-shared',
      });
      expect(flags[0]?.what.zh).toContain('3 名会员');
    });

    it('does not flag a mobile on two members, nor members without a mobile', () => {
      const input = snapshot([], {
        members: [
          member('M1', { mobileHash: 'm-shared' }),
          member('M2', { mobileHash: 'm-shared' }),
          member('M3', { mobileHash: null }),
          member('M4', { mobileHash: null }),
          member('M5', { mobileHash: null }),
        ],
      });
      expect(flagsOf('shared-mobile', input)).toEqual([]);
    });
  });

  describe('soon-after-joining', () => {
    const joined = (joinedOn: string) => ({ members: [member('M1', { joinedOn })] });

    it('flags an incident within 30 days of joining', () => {
      const input = snapshot(
        [claim('A', { incidentDate: '2026-03-01', submittedAt: '2026-04-20T02:00:00.000Z' })],
        joined('2026-02-10'),
      );
      const flags = flagsOf('soon-after-joining', input);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({ claimIds: ['A'], memberIds: ['M1'], key: 'soon-after-joining|A' });
      expect(flags[0]?.what.en).toContain('incident 19');
    });

    it('flags an incident before joining with a higher score', () => {
      const input = snapshot([claim('A', { incidentDate: '2026-01-20' })], joined('2026-02-10'));
      expect(flagsOf('soon-after-joining', input)[0]?.score).toBe(85);
    });

    it('does not flag a claim of a member who joined long before, and honours the option', () => {
      const input = snapshot([claim('A', { incidentDate: '2026-03-01' })], joined('2026-01-01'));
      expect(flagsOf('soon-after-joining', input)).toEqual([]);
      expect(flagsOf('soon-after-joining', input, { soonAfterJoiningDays: 60 })).toHaveLength(1);
    });
  });

  describe('claim-after-death', () => {
    const death = claim('D', {
      program: 'accident-protection',
      benefit: 'death',
      incidentDate: '2026-03-01',
      submittedAt: '2026-03-05T02:00:00.000Z',
      amountFen: 50000_00,
    });

    it('flags a claim whose incident is after the death', () => {
      const later = claim('L', { incidentDate: '2026-03-10', submittedAt: '2026-03-12T02:00:00.000Z' });
      const flags = flagsOf('claim-after-death', snapshot([death, later]));
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        claimIds: ['D', 'L'],
        memberIds: ['M1'],
        score: 90,
        key: 'claim-after-death|L',
      });
      expect(flags[0]?.what.en).toContain('death claim D (2026-03-01)');
    });

    it('flags a claim after a death the registry records, without a death claim', () => {
      const input = snapshot([claim('L', { incidentDate: '2026-03-10' })], {
        members: [member('M1', { diedOn: '2026-03-01' })],
      });
      expect(flagsOf('claim-after-death', input)[0]).toMatchObject({ claimIds: ['L'], score: 90 });
    });

    it('does not flag earlier claims, other members, or a rejected death claim', () => {
      const earlier = claim('E', { incidentDate: '2026-02-01', submittedAt: '2026-02-03T02:00:00.000Z' });
      const other = claim('O', { memberId: 'M2', incidentDate: '2026-04-01', submittedAt: at(40) });
      expect(flagsOf('claim-after-death', snapshot([death, earlier, other]))).toEqual([]);
      const rejected = { ...death, status: 'REJECTED' as const };
      const later = claim('L', { incidentDate: '2026-03-10', submittedAt: '2026-03-12T02:00:00.000Z' });
      expect(flagsOf('claim-after-death', snapshot([rejected, later]))).toEqual([]);
    });
  });

  describe('split-under-limit', () => {
    it('flags two claims of one program within 30 days each just under 2000 CNY', () => {
      const input = snapshot([
        claim('A', { amountFen: 1950_00, submittedAt: at(0) }),
        claim('B', { amountFen: 1990_00, submittedAt: at(20) }),
        claim('C', { amountFen: 1990_00, submittedAt: at(90) }),
      ]);
      const flags = flagsOf('split-under-limit', input);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        claimIds: ['A', 'B'],
        memberIds: ['M1'],
        key: 'split-under-limit|M1|health-care|200000|A',
      });
      expect(flags[0]?.what.en).toContain('2000.00 CNY (1950.00 + 1990.00), together 3940.00 CNY');
    });

    it('does not flag amounts far below the limit, other programs, other members, or a wider spacing', () => {
      const input = snapshot([
        claim('A', { amountFen: 1500_00, submittedAt: at(0) }),
        claim('B', { amountFen: 1990_00, submittedAt: at(1) }),
        claim('C', { amountFen: 1990_00, submittedAt: at(2), program: 'skill-boost' }),
        claim('D', { amountFen: 1990_00, submittedAt: at(3), memberId: 'M2' }),
        claim('E', { amountFen: 1990_00, submittedAt: at(40) }),
        claim('F', { amountFen: 2100_00, submittedAt: at(41) }),
      ]);
      expect(flagsOf('split-under-limit', input)).toEqual([]);
    });

    it('flags splits under the district limit of 10000 CNY too', () => {
      const input = snapshot([
        claim('A', { amountFen: 9500_00, submittedAt: at(0) }),
        claim('B', { amountFen: 9900_00, submittedAt: at(5) }),
      ]);
      expect(flagsOf('split-under-limit', input)[0]?.key).toBe('split-under-limit|M1|health-care|1000000|A');
    });
  });

  describe('member-velocity', () => {
    it('flags more than four claims of one member within 30 days', () => {
      const claims = [0, 5, 10, 15, 20].map((d, i) => claim(`V${i}`, { submittedAt: at(d) }));
      const flags = flagsOf('member-velocity', snapshot(claims));
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        claimIds: ['V0', 'V1', 'V2', 'V3', 'V4'],
        key: 'member-velocity|M1|V0',
      });
    });

    it('does not flag four claims in 30 days or five spread over months; honours the option', () => {
      const four = [0, 5, 10, 15].map((d, i) => claim(`V${i}`, { submittedAt: at(d) }));
      expect(flagsOf('member-velocity', snapshot(four))).toEqual([]);
      const spread = [0, 20, 40, 60, 80].map((d, i) => claim(`S${i}`, { submittedAt: at(d) }));
      expect(flagsOf('member-velocity', snapshot(spread))).toEqual([]);
      expect(flagsOf('member-velocity', snapshot(four), { memberVelocityMax: 3 })).toHaveLength(1);
    });
  });

  describe('unit-velocity', () => {
    /** One claim a week for 12 weeks before the last 7 days, then `recent` claims in the last 7 days. */
    function unitClaims(recent: number) {
      const base = [...Array(12).keys()].map((w) =>
        claim(`B${w}`, { memberId: `MB${w}`, submittedAt: at(-(w + 1) * 7 - 1, NOW) }),
      );
      const burst = [...Array(recent).keys()].map((i) =>
        claim(`R${i}`, { memberId: `MR${i}`, submittedAt: at(-(i % 6) - 0.5, NOW) }),
      );
      return snapshot([...base, ...burst]);
    }

    it('flags a unit whose last week is above three times its weekly average, with at least the minimum', () => {
      const flags = flagsOf('unit-velocity', unitClaims(12));
      expect(flags).toHaveLength(1);
      expect(flags[0]?.claimIds).toHaveLength(12);
      expect(flags[0]?.key).toMatch(/^unit-velocity\|BJ-HD-001\|\d{4}-\d{2}-\d{2}$/);
      expect(flags[0]?.what.en).toContain('12 claims in the last 7 days');
    });

    it('does not flag a busy week below the minimum count, nor a unit at its usual pace', () => {
      expect(flagsOf('unit-velocity', unitClaims(9))).toEqual([]);
      expect(flagsOf('unit-velocity', unitClaims(12), { unitVelocityMinCount: 20 })).toEqual([]);
      expect(flagsOf('unit-velocity', unitClaims(1))).toEqual([]);
    });
  });

  describe('approver-conflict', () => {
    const decided = (approverId: string, decision: 'approve' | 'reject' = 'approve') => [
      { level: 1, approverId, decision, decidedAt: '2026-03-03T02:00:00.000Z' },
    ];

    it('flags an approver approving a claim paid to their own bank account', () => {
      const input = snapshot([claim('A', { payeeAccountHash: 'acct-AP1', decisions: decided('AP1') })], {
        approvers: [approver('AP1')],
      });
      const flags = flagsOf('approver-conflict', input);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({
        claimIds: ['A'],
        memberIds: ['M1'],
        score: 90,
        key: 'approver-conflict|AP1|A',
      });
      expect(flags[0]?.what.en).toContain("the payee account is the approver's own");
    });

    it("flags an approver approving a claim of a member with the approver's mobile", () => {
      const input = snapshot([claim('A', { decisions: decided('AP1') })], {
        members: [member('M1', { mobileHash: 'mob-AP1' })],
        approvers: [approver('AP1', { memberId: 'M9' })],
      });
      expect(flagsOf('approver-conflict', input)[0]).toMatchObject({ memberIds: ['M1', 'M9'], score: 80 });
    });

    it('does not flag an unrelated approver, nor a rejection by a related one', () => {
      const input = snapshot(
        [
          claim('A', { decisions: decided('AP1') }),
          claim('B', { memberId: 'M2', payeeAccountHash: 'acct-AP2', decisions: decided('AP2', 'reject') }),
        ],
        { approvers: [approver('AP1'), approver('AP2')] },
      );
      expect(flagsOf('approver-conflict', input)).toEqual([]);
    });
  });
});
