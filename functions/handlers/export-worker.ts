import { ExportWorkerInput } from '../schemas/jobs.ts';
import { runExport, runExportPhase, runScheduledExport } from '../usecases/evaluation-export.ts';
import { exportDeps } from '../wiring.ts';

export async function handler(event: unknown) {
  const input = ExportWorkerInput.parse(event);
  const deps = await exportDeps();
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
