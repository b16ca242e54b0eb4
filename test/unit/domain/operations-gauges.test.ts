import { describe, expect, it } from 'vitest';
import {
  approvalGauges,
  budgetGauges,
  isLowBudget,
  NAMED_AT_MOST,
  STALE_APPROVAL_SECONDS,
} from '../../../functions/domain/operations-gauges.ts';

const NOW = new Date('2026-12-05T06:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const level = (claimId: string, ageSeconds: number) => ({
  claimId,
  level: 1,
  unitCode: 'BJ-HD-001',
  createdAt: ago(ageSeconds),
});

describe('operations gauges', () => {
  describe('approvalGauges', () => {
    it('counts a level only once it is strictly older than three days', () => {
      // Act
      const gauges = approvalGauges(
        [level('C-EXACT', STALE_APPROVAL_SECONDS), level('C-OVER', STALE_APPROVAL_SECONDS + 1)],
        NOW,
      );

      // Assess
      expect(STALE_APPROVAL_SECONDS).toBe(259_200);
      expect(gauges.olderThanThreeDays).toBe(1);
      expect(gauges.stale.map((s) => s.claimId)).toEqual(['C-OVER']);
      expect(gauges.oldestOpenAgeSeconds).toBe(STALE_APPROVAL_SECONDS + 1);
    });

    it('answers zero when no level is open, and names at most twenty stale levels, oldest first', () => {
      // Prepare
      const many = Array.from({ length: NAMED_AT_MOST + 5 }, (_, i) =>
        level(`C-${String(i).padStart(2, '0')}`, STALE_APPROVAL_SECONDS + 60 * (i + 1)),
      );

      // Act
      const none = approvalGauges([], NOW);
      const gauges = approvalGauges(many, NOW);

      // Assess
      expect(none).toEqual({ oldestOpenAgeSeconds: 0, olderThanThreeDays: 0, stale: [] });
      expect(gauges.olderThanThreeDays).toBe(NAMED_AT_MOST + 5);
      expect(gauges.stale).toHaveLength(NAMED_AT_MOST);
      expect(gauges.stale[0]?.claimId).toBe('C-24');
    });
  });

  describe('budgetGauges', () => {
    const budget = (programId: string, allocatedFen: number, availableFen: number) => ({
      unitCode: 'BJ-HD-001',
      programId,
      allocatedFen,
      availableFen,
    });

    it('is low below a tenth of the allocation in whole fen: one fen under is low, exactly a tenth is not', () => {
      expect(isLowBudget(budget('p', 1_000_000, 99_999))).toBe(true);
      expect(isLowBudget(budget('p', 1_000_000, 100_000))).toBe(false);
      expect(isLowBudget(budget('p', 0, 0))).toBe(false);
    });

    it('reports the lowest share rounded down to two decimals and leaves out budgets with nothing allocated', () => {
      // Act
      const gauges = budgetGauges([
        budget('empty', 1_000_000, 0),
        budget('third', 300, 100),
        budget('unfunded', 0, 0),
      ]);
      const onlyUnfunded = budgetGauges([budget('unfunded', 0, 0)]);

      // Assess
      expect(gauges).toEqual({
        lowestAvailablePercent: 0,
        underTenPercent: 1,
        low: [{ unitCode: 'BJ-HD-001', programId: 'empty', availablePercent: 0 }],
      });
      expect(budgetGauges([budget('third', 300, 100)]).lowestAvailablePercent).toBe(33.33);
      expect(onlyUnfunded).toEqual({ lowestAvailablePercent: null, underTenPercent: 0, low: [] });
    });
  });
});
