import { archiveDigests } from '../audit-archive-wiring.ts';
import { ScheduledArchiveDigestInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { recordArchiveDigest } from '../usecases/archive-digest.ts';

/** Scheduled job, hourly: the digest of the audit archive's heads of the hour before, chained to the last. */
export const handler = stepHandler(ScheduledArchiveDigestInput, async (deps, input) => {
  const archive = archiveDigests();
  if (archive === null) throw new Error('no audit archive configured');
  const { outcome, digest } = await recordArchiveDigest(archive, deps.now(), input.hour);
  return { outcome, hour: digest.hour, heads: digest.heads, chained: digest.chained };
});
