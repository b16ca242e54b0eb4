import * as z from 'zod';
import { exportDeps } from '../export-wiring.ts';
import { runExport, runExportPhase, runScheduledExport } from '../usecases/evaluation-export.ts';

const EXPORT_ID = z.string().regex(/^E[0-9A-Z]{26}$/);
const SEGMENTS = z.number().int().min(1).max(1000);

/**
 * The export worker: `{exportId}` runs a recorded job whole; `{scheduled}` (from a schedule) records and
 * runs one; `{exportId, phase}` runs one step of the job split for a Distributed Map (the registry, one
 * claims-table segment, or the merge).
 */
const WorkerInput = z.union([
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

export async function handler(event: unknown) {
  const input = WorkerInput.parse(event);
  const deps = exportDeps();
  if ('scheduled' in input) {
    const { exportId, files, counts } = await runScheduledExport(deps, input.scheduled);
    return { exportId, files, counts };
  }
  if ('phase' in input) {
    const { exportId, ...phase } = input;
    return { exportId, ...(await runExportPhase(deps, exportId, phase)) };
  }
  const { files, counts } = await runExport(deps, input.exportId);
  return { exportId: input.exportId, files, counts };
}
