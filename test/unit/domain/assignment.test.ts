import { describe, expect, it } from 'vitest';
import { assignedIndex, assignmentOrder } from '../../../functions/domain/assignment.ts';
import { newClaimId } from '../../../functions/domain/ids.ts';
import type { Approver } from '../../../functions/domain/registry.ts';
import { routeLevel } from '../../../functions/usecases/request-approval.ts';

function approver(approverId: string, memberId: string | null = null): Approver {
  return {
    approverId,
    unitCode: 'BJ-HD-001',
    name: approverId,
    email: `${approverId}@x.example`,
    mobile: '138',
    memberId,
  };
}

describe('assignment', () => {
  describe('assignedIndex', () => {
    it('is the same for the same claim and level, so a retry of the step picks the same approver', () => {
      // Prepare
      const claimId = newClaimId();
      // Act
      const picks = Array.from({ length: 20 }, () => assignedIndex(claimId, 1, 3));
      // Assess
      expect(new Set(picks).size).toBe(1);
      expect(picks[0]).toBeGreaterThanOrEqual(0);
      expect(picks[0]).toBeLessThan(3);
    });

    it('spreads the work evenly: each of 3 approvers gets 25–42% of 3,000 claims', () => {
      // Prepare
      const claimIds = Array.from({ length: 3000 }, () => newClaimId());
      // Act
      const counts = new Map<number, number>();
      for (const claimId of claimIds) {
        const index = assignedIndex(claimId, 1, 3);
        counts.set(index, (counts.get(index) ?? 0) + 1);
      }
      // Assess
      expect([...counts.keys()].sort()).toEqual([0, 1, 2]);
      for (const count of counts.values()) {
        expect(count / 3000).toBeGreaterThanOrEqual(0.25);
        expect(count / 3000).toBeLessThanOrEqual(0.42);
      }
    });

    it('depends on the level, so the levels of one claim do not all fall to the same position', () => {
      const claimIds = Array.from({ length: 200 }, () => newClaimId());
      const differ = claimIds.filter((id) => assignedIndex(id, 1, 2) !== assignedIndex(id, 2, 2));
      expect(differ.length).toBeGreaterThan(50);
      expect(differ.length).toBeLessThan(150);
    });

    it('refuses a level with nobody to assign', () => {
      expect(() => assignedIndex('C1', 1, 0)).toThrow(RangeError);
    });
  });

  describe('assignmentOrder', () => {
    it('puts the assigned approver first, then the others in routed order, each once', () => {
      // Prepare
      const routed = ['A-1', 'A-2', 'A-3'];
      for (let n = 0; n < 30; n++) {
        const claimId = newClaimId();
        // Act
        const order = assignmentOrder(claimId, 1, routed);
        // Assess
        const first = assignedIndex(claimId, 1, 3);
        expect(order[0]).toBe(routed[first]);
        expect([...order].sort()).toEqual(routed);
        expect(order).toEqual([...routed.slice(first), ...routed.slice(0, first)]);
      }
    });

    it('never picks an excluded person: it chooses only among the routed approvers', () => {
      // Prepare: the claimant (M1) is also an approver of the unit.
      const claim = { memberId: 'M1', submittedBy: { kind: 'member', id: 'M1' } } as const;
      const routed = routeLevel(
        claim,
        [approver('A-1', 'M1'), approver('A-2'), approver('A-3')],
        new Map(),
        '2026-03-05',
      );
      // Act
      const assigned = Array.from(
        { length: 500 },
        () => assignmentOrder(newClaimId(), 1, routed)[0]?.approver.approverId,
      );
      // Assess
      expect(new Set(assigned)).toEqual(new Set(['A-2', 'A-3']));
      expect(assignmentOrder('C1', 1, [])).toEqual([]);
    });
  });
});
