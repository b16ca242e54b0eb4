import { z } from 'zod';
import { runExport, runScheduledExport } from '../usecases/evaluation-export.ts';
import { exportDeps } from '../wiring.ts';

/** The export worker: `{exportId}` runs a recorded job; `{scheduled}` (from a schedule) records and runs one. */
const WorkerInput = z.union([
  z.strictObject({ exportId: z.string().regex(/^E[0-9A-Z]{26}$/) }),
  z.strictObject({ scheduled: z.enum(['previous-year', 'running-year']) }),
]);

export async function handler(event: unknown) {
  const input = WorkerInput.parse(event);
  const deps = exportDeps();
  if ('exportId' in input) {
    const { files, counts } = await runExport(deps, input.exportId);
    return { exportId: input.exportId, files, counts };
  }
  const { exportId, files, counts } = await runScheduledExport(deps, input.scheduled);
  return { exportId, files, counts };
}
