import * as z from 'zod';
import { LocalAuditArchive } from '../adapters/local-audit-archive.ts';
import { S3AuditArchive } from '../adapters/s3-audit-archive.ts';
import { stepHandler } from '../http/step-handler.ts';
import { recordArchiveDigest } from '../usecases/archive-digest.ts';
import { auditArchive, now } from '../wiring.ts';

const ScheduledArchiveDigestInput = z.object({
  job: z.literal('archive-digest').optional(),
  /** An hour, YYYY-MM-DDTHH (UTC); the hour before now by default. */
  hour: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/)
    .optional(),
});

/** Scheduled job, hourly: the digest of the audit archive's heads of the hour before, chained to the last. */
export const handler = stepHandler(
  ScheduledArchiveDigestInput,
  async (deps, input) => {
    const archive = deps.auditArchive;
    if (!(archive instanceof LocalAuditArchive || archive instanceof S3AuditArchive))
      throw new Error('no audit archive configured');
    const { outcome, digest } = await recordArchiveDigest(archive, deps.now(), input.hour);
    return { outcome, hour: digest.hour, heads: digest.heads, chained: digest.chained };
  },
  { auditArchive, now },
);
