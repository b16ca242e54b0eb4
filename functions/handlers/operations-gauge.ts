import { ScheduledGaugeInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { recordOperationsGauges } from '../usecases/operations-gauge.ts';
import { budgets, claims, gauges, now } from '../wiring.ts';

/** Scheduled job, hourly: stale approval levels and budgets running out, as CloudWatch metrics (EMF). */
export const handler = stepHandler(
  ScheduledGaugeInput,
  async (deps) => {
    const result = await recordOperationsGauges(deps);
    return {
      year: result.year,
      approvalsOlderThanThreeDays: result.approvals.olderThanThreeDays,
      oldestOpenApprovalAgeSeconds: result.approvals.oldestOpenAgeSeconds,
      budgetsUnderTenPercent: result.budgets.underTenPercent,
      lowestBudgetAvailablePercent: result.budgets.lowestAvailablePercent,
    };
  },
  { budgets, claims, gauges, now },
);
