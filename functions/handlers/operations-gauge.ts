import { lazyStepHandler } from '../step/step-handler.ts';
import { budgets, claims, gauges, now, planFigures, scanner } from '../wiring.ts';

/**
 * Scheduled job, hourly: stale approval levels and budgets running out, as CloudWatch metrics (EMF); then
 * the plan's figures of the running year, stored for GET /plan-figures.
 */
export const handler = lazyStepHandler(
  async () => {
    const [{ ScheduledGaugeInput }, { recordOperationsGauges }, { recordPlanFigures }] = await Promise.all([
      import('../schemas/jobs.ts'),
      import('../usecases/operations-gauge.ts'),
      import('../usecases/plan-figures.ts'),
    ]);
    return {
      schema: ScheduledGaugeInput,
      run: async (deps) => {
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
    };
  },
  { budgets, claims, gauges, now, planFigures, scanner },
);
