import * as z from 'zod';

/** The inputs of the scheduled jobs (infra/schedules.ts) and of the export worker. */

/** The schedule's input (infra/schedules.ts); `full` judges every claim again, not only what changed. */
export const ScheduledScanInput = z.object({
  job: z.literal('fraud-scan').optional(),
  full: z.boolean().optional(),
});

/** The daily audit digest's input. */
export const ScheduledDigestInput = z.object({
  job: z.literal('audit-digest').optional(),
  /** A Beijing date; the day before today (Beijing) by default. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

/** The hourly archive digest's input. */
export const ScheduledArchiveDigestInput = z.object({
  job: z.literal('archive-digest').optional(),
  /** An hour, YYYY-MM-DDTHH (UTC); the hour before now by default. */
  hour: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/)
    .optional(),
});

const EXPORT_ID = z.string().regex(/^E[0-9A-Z]{26}$/);
const SEGMENTS = z.number().int().min(1).max(1000);

/**
 * The export worker: `{exportId}` runs a recorded job whole; `{scheduled}` (from a schedule) records and
 * runs one; `{exportId, phase}` runs one step of the job split for a Distributed Map (the registry, one
 * claims-table segment, or the merge).
 */
export const ExportWorkerInput = z.union([
  z.strictObject({ exportId: EXPORT_ID }),
  z.strictObject({ scheduled: z.enum(['previous-year', 'running-year']) }),
  z.strictObject({ exportId: EXPORT_ID, phase: z.literal('registry') }),
  z.strictObject({
    exportId: EXPORT_ID,
    phase: z.literal('segment'),
    segment: z.number().int().min(0),
    total: SEGMENTS,
  }),
  z.strictObject({ exportId: EXPORT_ID, phase: z.literal('finish'), total: SEGMENTS }),
]);

/** The hourly operations gauge (stale approval levels, budgets running out). */
export const ScheduledGaugeInput = z.object({ job: z.literal('operations-gauge').optional() });
