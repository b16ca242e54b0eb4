import { ScheduledDigestInput } from '../schemas/jobs.ts';
import { stepHandler } from '../step/step-handler.ts';
import { previousBeijingDate, recordDailyDigest } from '../usecases/audit-digest.ts';
import { auditDigests, now } from '../wiring.ts';

/** Scheduled job, daily after midnight in Beijing: records the previous day's digest of every claim chain. */
export const handler = stepHandler(
  ScheduledDigestInput,
  async (deps, input) => {
    const at = deps.now();
    const outcome = await recordDailyDigest(deps.auditDigests, input.date ?? previousBeijingDate(at), at);
    return { outcome: outcome.outcome, date: outcome.digest.date, claims: outcome.digest.claims };
  },
  { auditDigests, now },
);
