import * as z from 'zod';
import { DynamoAuditDigestStore } from '../adapters/dynamodb/audit-digest-store.ts';
import { documentClient } from '../adapters/dynamodb/client.ts';
import { ENV } from '../config.ts';
import { stepHandler } from '../http/step-handler.ts';
import { previousBeijingDate, recordDailyDigest } from '../usecases/audit-digest.ts';
import { claims, now } from '../wiring.ts';

const ScheduledDigestInput = z.object({
  job: z.literal('audit-digest').optional(),
  /** A Beijing date; the day before today (Beijing) by default. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

let store: DynamoAuditDigestStore | undefined;

/** Scheduled job, daily after midnight in Beijing: records the previous day's digest of every claim chain. */
export const handler = stepHandler(
  ScheduledDigestInput,
  async (deps, input) => {
    store ??= new DynamoAuditDigestStore(documentClient(), process.env[ENV.claimsTable] ?? '');
    const now = deps.now();
    const outcome = await recordDailyDigest(store, input.date ?? previousBeijingDate(now), now);
    return { outcome: outcome.outcome, date: outcome.digest.date, claims: outcome.digest.claims };
  },
  { claims, now },
);
