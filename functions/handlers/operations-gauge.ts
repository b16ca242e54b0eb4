import { ScheduledGaugeInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { recordOperationsGauges } from '../usecases/operations-gauge.ts';
import { recordPlanFigures } from '../usecases/plan-figures.ts';
import { budgets, claims, gauges, now, planFigures, scanner } from '../wiring.ts';

/**
 * Scheduled job, hourly: stale approval levels and budgets running out, as CloudWatch metrics (EMF); then
 * the plan's figures of the running year, stored for GET /plan-figures.
 */
export const handler = stepHandler(
  ScheduledGaugeInput,
  async (deps) => {
    const result = await recordOperationsGauges(deps);
    const figures = await recordPlanFigures(deps);
    return {
      planFiguresRows: figures.rows,
      year: result.year,
      approvalsOlderThanThreeDays: result.approvals.olderThanThreeDays,
      oldestOpenApprovalAgeSeconds: result.approvals.oldestOpenAgeSeconds,
      budgetsUnderTenPercent: result.budgets.underTenPercent,
      lowestBudgetAvailablePercent: result.budgets.lowestAvailablePercent,
    };
  },
  { budgets, claims, gauges, now, planFigures, scanner },
);
