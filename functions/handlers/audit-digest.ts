import { lazyStepHandler } from '../step/step-handler.ts';
import { auditDigests, now } from '../wiring.ts';

/** Scheduled job, daily after midnight in Beijing: records the previous day's digest of every claim chain. */
export const handler = lazyStepHandler(
  async () => {
    const [{ ScheduledDigestInput }, { previousBeijingDate, recordDailyDigest }] = await Promise.all([
      import('../schemas/jobs.ts'),
      import('../usecases/audit-digest.ts'),
    ]);
    return {
      schema: ScheduledDigestInput,
      run: async (deps, input) => {
        const at = deps.now();
        const outcome = await recordDailyDigest(deps.auditDigests, input.date ?? previousBeijingDate(at), at);
        return { outcome: outcome.outcome, date: outcome.digest.date, claims: outcome.digest.claims };
      },
    };
  },
  { auditDigests, now },
);
