import { describe, expect, it } from 'vitest';
import { GAUGE_METRICS } from '../../../functions/metrics/names.ts';
import type { BudgetView } from '../../../functions/ports/budgets-store.ts';
import type { ApprovalRequest } from '../../../functions/ports/claims-store.ts';
import type { GaugeValue } from '../../../functions/ports/gauges.ts';
import { recordOperationsGauges } from '../../../functions/usecases/operations-gauge.ts';

const NOW = new Date('2026-12-05T06:00:00.000Z');
const MINUTE = 60_000;
const THREE_DAYS = 3 * 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

const level = (claimId: string, createdAt: string, over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  claimId,
  level: 1,
  unitCode: 'BJ-HD-001',
  approverIds: ['A1'],
  linkSeeds: ['seed'],
  taskToken: 'token',
  createdAt,
  expiresAt: createdAt,
  decision: null,
  closed: false,
  notified: true,
  ...over,
});

const budget = (programId: string, allocatedFen: number, availableFen: number): BudgetView => ({
  unitCode: 'BJ-HD-001',
  programId,
  year: 2026,
  allocatedFen,
  committedFen: 0,
  paidFen: allocatedFen - availableFen,
  returnedFen: 0,
  availableFen,
});

/** The use case with the given open levels and budgets, a fixed clock and a sink that records. */
function prepare(levels: ApprovalRequest[], budgets: BudgetView[], now = NOW) {
  const published: { values: readonly GaugeValue[]; details: Readonly<Record<string, unknown>> }[] = [];
  const years: number[] = [];
  const deps = {
    claims: { listOpenApprovals: async () => levels },
    budgets: {
      listYear: async (year: number) => {
        years.push(year);
        return budgets;
      },
    },
    now: () => now,
    gauges: {
      publish: (values: readonly GaugeValue[], details: Readonly<Record<string, unknown>>) =>
        published.push({ values, details }),
    },
  } as unknown as Parameters<typeof recordOperationsGauges>[0];
  return { deps, published, years };
}

const gaugeValue = (values: readonly GaugeValue[], name: string) =>
  values.find((v) => v.name === name)?.value;

describe('recordOperationsGauges', () => {
  describe('approval levels', () => {
    it('counts a level opened three days and one minute ago, not one opened three days less a minute ago', async () => {
      // Prepare
      const { deps, published } = prepare(
        [level('C-OLD', ago(THREE_DAYS + MINUTE)), level('C-YOUNG', ago(THREE_DAYS - MINUTE))],
        [],
      );

      // Act
      const result = await recordOperationsGauges(deps);

      // Assess
      expect(result.approvals).toEqual({
        oldestOpenAgeSeconds: (THREE_DAYS + MINUTE) / 1000,
        olderThanThreeDays: 1,
        stale: [{ claimId: 'C-OLD', level: 1, unitCode: 'BJ-HD-001' }],
      });
      expect(published).toHaveLength(1);
      const values = published[0]?.values ?? [];
      expect(gaugeValue(values, GAUGE_METRICS.approvalsOlderThanThreeDays)).toBe(1);
      expect(gaugeValue(values, GAUGE_METRICS.oldestOpenApprovalAge)).toBe(259_260);
      expect(published[0]?.details).toMatchObject({
        openApprovals: 2,
        staleApprovals: [{ claimId: 'C-OLD', level: 1, unitCode: 'BJ-HD-001' }],
      });
    });

    it('leaves out a level the index still lists while it closes (decided or closed)', async () => {
      // Prepare
      const old = ago(THREE_DAYS + MINUTE);
      const { deps } = prepare(
        [
          level('C-DECIDED', old, {
            decision: {
              level: 1,
              decision: 'approve',
              approverId: 'A1',
              reason: 'ok',
              decidedAt: ago(MINUTE),
            },
          }),
          level('C-CLOSED', old, { closed: true }),
        ],
        [],
      );

      // Act
      const result = await recordOperationsGauges(deps);

      // Assess
      expect(result.approvals).toEqual({ oldestOpenAgeSeconds: 0, olderThanThreeDays: 0, stale: [] });
    });
  });

  describe('budgets', () => {
    it('counts a budget with 9.99% available, not one with 10%, and reports the lowest share', async () => {
      // Prepare: 100 000.00 CNY allocated each.
      const { deps, published } = prepare(
        [],
        [
          budget('low', 10_000_000, 999_000),
          budget('tenth', 10_000_000, 1_000_000),
          budget('unfunded', 0, 0),
        ],
      );

      // Act
      const result = await recordOperationsGauges(deps);

      // Assess
      expect(result.budgets).toEqual({
        lowestAvailablePercent: 9.99,
        underTenPercent: 1,
        low: [{ unitCode: 'BJ-HD-001', programId: 'low', availablePercent: 9.99 }],
      });
      const values = published[0]?.values ?? [];
      expect(gaugeValue(values, GAUGE_METRICS.budgetsUnderTenPercent)).toBe(1);
      expect(gaugeValue(values, GAUGE_METRICS.lowestBudgetAvailable)).toBe(9.99);
    });

    it("reads the running Beijing year's budgets and emits no lowest share when there are none", async () => {
      // Prepare: 1 January 01:00 in Beijing is still 31 December in UTC.
      const { deps, published, years } = prepare([], [], new Date('2026-12-31T17:00:00.000Z'));

      // Act
      const result = await recordOperationsGauges(deps);

      // Assess
      expect(years).toEqual([2027]);
      expect(result.budgets).toEqual({ lowestAvailablePercent: null, underTenPercent: 0, low: [] });
      expect(published[0]?.values.map((v) => v.name)).toEqual([
        GAUGE_METRICS.oldestOpenApprovalAge,
        GAUGE_METRICS.approvalsOlderThanThreeDays,
        GAUGE_METRICS.budgetsUnderTenPercent,
      ]);
    });
  });
});
