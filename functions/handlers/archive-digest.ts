import { lazyStepHandler } from '../step/step-handler.ts';
import { archiveDigests, now } from '../wiring.ts';

/** Scheduled job, hourly: the digest of the audit archive's heads of the hour before, chained to the last. */
export const handler = lazyStepHandler(
  async () => {
    const [{ ScheduledArchiveDigestInput }, { recordArchiveDigest }] = await Promise.all([
      import('../schemas/jobs.ts'),
      import('../usecases/archive-digest.ts'),
    ]);
    return {
      schema: ScheduledArchiveDigestInput,
      run: async (deps, input) => {
        if (deps.archiveDigests === null) throw new Error('no audit archive configured');
        const { outcome, digest } = await recordArchiveDigest(deps.archiveDigests, deps.now(), input.hour);
        return { outcome, hour: digest.hour, heads: digest.heads, chained: digest.chained };
      },
    };
  },
  { archiveDigests, now },
);
