import { describe, expect, it } from 'vitest';
import { ApprovalStepInput, EscalationStepInput } from '../../../functions/schemas/steps.ts';

const approveNext = { decision: 'approve', level: 1, approverId: 'A-BJ-HD-001-1', nextLevel: 2 } as const;

describe('workflow step inputs', () => {
  describe('ApprovalStepInput and EscalationStepInput', () => {
    const base = { claimId: 'C1', taskToken: 'token', mode: 'open' as const };

    it('take the level from $.approval in either shape, or as given', () => {
      expect(ApprovalStepInput.parse({ ...base, approval: { nextLevel: 1 } })).toEqual({
        ...base,
        level: 1,
        handOff: 'outcome',
      });
      expect(
        ApprovalStepInput.parse({
          ...base,
          approval: { Error: 'Claim.NextLevel', Cause: JSON.stringify(approveNext) },
        }),
      ).toEqual({ ...base, level: 2, handOff: 'outcome' });
      expect(ApprovalStepInput.parse({ ...base, level: 3 })).toEqual({ ...base, level: 3 });
      const cause = { Error: 'States.Timeout' };
      expect(EscalationStepInput.parse({ claimId: 'C1', approval: { nextLevel: 2 }, cause })).toEqual({
        claimId: 'C1',
        level: 2,
        cause,
      });
    });

    it("tell the definition that passes `approval` (hand-off `outcome`) from the earlier one's `level`", () => {
      // The earlier definition's payload: `level.$: $.approval.nextLevel`, and no `approval`.
      expect(ApprovalStepInput.parse({ ...base, level: 2, mode: 'remind' })).not.toHaveProperty('handOff');
      expect(ApprovalStepInput.parse({ ...base, approval: { nextLevel: 2 }, mode: 'remind' })).toMatchObject({
        level: 2,
        handOff: 'outcome',
      });
    });

    it('refuse an input that names no level, naming the field', () => {
      const parsed = ApprovalStepInput.safeParse({
        ...base,
        approval: { Error: 'Claim.Rejected', Cause: '{}' },
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['approval']);
      expect(ApprovalStepInput.safeParse({ ...base, approval: { nextLevel: 12 } }).success).toBe(false);
    });
  });
});
