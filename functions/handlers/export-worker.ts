import { loadOnce } from '../step/load-once.ts';
import { exportDeps } from '../wiring.ts';

/** The input schema and the export use case, loaded on the first invocation (not parsed at import). */
const exportModules = loadOnce(() =>
  Promise.all([import('../schemas/jobs.ts'), import('../usecases/evaluation-export.ts')]),
);

export async function handler(event: unknown) {
  const [{ ExportWorkerInput }, { runExport, runExportPhase, runScheduledExport }] = await exportModules();
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
