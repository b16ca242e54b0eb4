import { auditDigests } from '../audit-digest-wiring.ts';
import { ScheduledDigestInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { previousBeijingDate, recordDailyDigest } from '../usecases/audit-digest.ts';

/** Scheduled job, daily after midnight in Beijing: records the previous day's digest of every claim chain. */
export const handler = stepHandler(ScheduledDigestInput, async (deps, input) => {
  const now = deps.now();
  const outcome = await recordDailyDigest(auditDigests(), input.date ?? previousBeijingDate(now), now);
  return { outcome: outcome.outcome, date: outcome.digest.date, claims: outcome.digest.claims };
});
