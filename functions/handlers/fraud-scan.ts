import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, fraud, keys, now, registry } from '../wiring.ts';

/** Scheduled job (EventBridge Scheduler │ local scheduler │ `npm run fraud-scan`): the fraud scan. */
export const handler = lazyStepHandler(
  async () => {
    const [{ ScheduledScanInput }, { FraudScanBusyError, runFraudScan }] = await Promise.all([
      import('../schemas/jobs.ts'),
      import('../usecases/fraud-scan.ts'),
    ]);
    return {
      schema: ScheduledScanInput,
      run: async (deps, input) => {
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
    };
  },
  { claims, fraud, now, registry },
);
