import * as z from 'zod';
import { stepHandler } from '../http/step-handler.ts';
import { FraudScanBusyError, runFraudScan } from '../usecases/fraud-scan.ts';
import { claims, fraud, keys, now, registry } from '../wiring.ts';

/** The schedule's input (infra/schedules.ts); `full` judges every claim again, not only what changed. */
const ScheduledScanInput = z.object({
  job: z.literal('fraud-scan').optional(),
  full: z.boolean().optional(),
});

/** Scheduled job (EventBridge Scheduler │ local scheduler │ `npm run fraud-scan`): the fraud scan. */
export const handler = stepHandler(
  ScheduledScanInput,
  async (deps, input) => {
    try {
      return await runFraudScan(deps, {
        hashKey: await (await keys()).get('idNumberHash'),
        full: input.full,
      });
    } catch (error) {
      // The scan already running reads these changes too: this run has nothing to do.
      if (error instanceof FraudScanBusyError) return { skipped: error.message };
      throw error;
    }
  },
  { claims, fraud, now, registry },
);
