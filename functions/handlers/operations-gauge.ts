import { z } from 'zod';
import { EmfGauges } from '../adapters/emf-gauges.ts';
import { stepHandler } from '../step/step-handler.ts';
import { lazy } from '../lazy.ts';
import { recordOperationsGauges } from '../usecases/operations-gauge.ts';

const ScheduledGaugeInput = z.object({ job: z.literal('operations-gauge').optional() });

const gauges = lazy(() => new EmfGauges());

/** Scheduled job, hourly: stale approval levels and budgets running out, as CloudWatch metrics (EMF). */
export const handler = stepHandler(ScheduledGaugeInput, async (deps) => {
  const result = await recordOperationsGauges({ ...deps, gauges: gauges() });
  return {
    year: result.year,
    approvalsOlderThanThreeDays: result.approvals.olderThanThreeDays,
    oldestOpenApprovalAgeSeconds: result.approvals.oldestOpenAgeSeconds,
    budgetsUnderTenPercent: result.budgets.underTenPercent,
    lowestBudgetAvailablePercent: result.budgets.lowestAvailablePercent,
  };
});
