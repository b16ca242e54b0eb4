import { ScheduledScanInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { FraudScanBusyError, runFraudScan } from '../usecases/fraud-scan.ts';
import { claims, fraud, keys, now, registry } from '../wiring.ts';

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
