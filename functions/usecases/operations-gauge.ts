import { beijingYear } from '../domain/calendar.ts';
import {
  type ApprovalGauges,
  approvalGauges,
  type BudgetGauges,
  budgetGauges,
} from '../domain/operations-gauges.ts';
import { GAUGE_METRICS } from '../metrics/names.ts';
import type { GaugeSink, GaugeValue } from '../ports/gauges.ts';
import type { Deps } from './deps.ts';

export interface OperationsGauges {
  readonly at: string;
  readonly year: number;
  readonly approvals: ApprovalGauges;
  readonly budgets: BudgetGauges;
}

/**
 * Scheduled job, hourly: the age of the oldest open approval level and how many are older than three
 * days (from the index of open levels), the lowest available share of the running Beijing year's budgets
 * and how many are under 10%; emitted as gauges, the stale levels and low budgets named beside them.
 */
export async function recordOperationsGauges(
  deps: Pick<Deps, 'claims' | 'budgets' | 'now'> & { readonly gauges: GaugeSink },
): Promise<OperationsGauges> {
  const now = deps.now();
  const year = beijingYear(now);
  const [levels, budgetList] = await Promise.all([
    deps.claims.listOpenApprovals(),
    deps.budgets.listYear(year),
  ]);
  // The index holds open levels only; a level read while it was closing is left out.
  const open = levels.filter((level) => !level.closed && level.decision === null);
  const approvals = approvalGauges(open, now);
  const budgets = budgetGauges(budgetList);
  const values: GaugeValue[] = [
    { name: GAUGE_METRICS.oldestOpenApprovalAge, unit: 'Seconds', value: approvals.oldestOpenAgeSeconds },
    { name: GAUGE_METRICS.approvalsOlderThanThreeDays, unit: 'Count', value: approvals.olderThanThreeDays },
    { name: GAUGE_METRICS.budgetsUnderTenPercent, unit: 'Count', value: budgets.underTenPercent },
    ...(budgets.lowestAvailablePercent === null
      ? []
      : [
          {
            name: GAUGE_METRICS.lowestBudgetAvailable,
            unit: 'Percent',
            value: budgets.lowestAvailablePercent,
          } as const,
        ]),
  ];
  deps.gauges.publish(values, {
    budgetYear: year,
    openApprovals: open.length,
    staleApprovals: approvals.stale,
    lowBudgets: budgets.low,
  });
  return { at: now.toISOString(), year, approvals, budgets };
}
