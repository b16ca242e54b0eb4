import { ScheduledArchiveDigestInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { recordArchiveDigest } from '../usecases/archive-digest.ts';
import { archiveDigests, now } from '../wiring.ts';

/** Scheduled job, hourly: the digest of the audit archive's heads of the hour before, chained to the last. */
export const handler = stepHandler(
  ScheduledArchiveDigestInput,
  async (deps, input) => {
    if (deps.archiveDigests === null) throw new Error('no audit archive configured');
    const { outcome, digest } = await recordArchiveDigest(deps.archiveDigests, deps.now(), input.hour);
    return { outcome, hour: digest.hour, heads: digest.heads, chained: digest.chained };
  },
  { archiveDigests, now },
);
