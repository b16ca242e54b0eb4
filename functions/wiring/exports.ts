import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { documentClient } from '../adapters/dynamodb/client.ts';
import { DynamoExportJobs } from '../adapters/dynamodb/export-jobs.ts';
import { DynamoTableScanner } from '../adapters/dynamodb/table-scanner.ts';
import { LocalExportFiles } from '../adapters/local-export-files.ts';
import { S3ExportFiles } from '../adapters/s3-export-files.ts';
import { ENV, requireEnv } from '../config.ts';
import { signingKeyFromSecret } from '../domain/evaluation/manifest.ts';
import { log } from '../logging/logger.ts';
import type { ExportFiles, ExportRunner } from '../ports/exports.ts';
import type { Keys } from '../ports/keys.ts';
import { type ExportDeps, runExport } from '../usecases/evaluation-export.ts';

/**
 * The evaluation export's adapters (the `exportDeps` part of functions/wiring.ts). Locally
 * (`EXPORT_MODE=local`) files go to EXPORT_DIR, served by signed links of the local API, and the worker
 * runs in-process after the job is recorded. In AWS the files go to the export bucket (multipart uploads,
 * presigned links). Only the export functions bundle the S3 client.
 */
export function buildExportDeps(keys: () => Promise<Keys>): ExportDeps {
  const doc = documentClient();
  const claimsTable = process.env[ENV.claimsTable] ?? '';
  const registryTable = process.env[ENV.registryTable] ?? '';
  const mode = process.env[ENV.exportMode] ?? 'aws';
  const files: ExportFiles =
    mode === 'local'
      ? new LocalExportFiles(
          requireEnv(ENV.exportDir),
          (process.env[ENV.linkBaseUrl] ?? '').replace(/\/+$/, ''),
          async () => (await keys()).get('exportDownload'),
        )
      : new S3ExportFiles(new S3Client({}), requireEnv(ENV.exportBucket));
  const runner: ExportRunner = {
    start: async (exportId) => {
      if (mode !== 'local') {
        // In AWS the export state machine runs the worker (its Lambda has 15 minutes, the API's 30 s).
        await new SFNClient({}).send(
          new StartExecutionCommand({
            stateMachineArn: requireEnv(ENV.exportStateMachineArn),
            name: exportId,
            input: JSON.stringify({ exportId }),
          }),
        );
        return;
      }
      // The local runtime is one long-lived process: the worker runs on after the request is answered.
      void runExport(deps, exportId).catch((error: unknown) =>
        log.error('export failed', { exportId, error: (error as Error).message }),
      );
    },
  };
  const deps: ExportDeps = {
    jobs: new DynamoExportJobs(doc, claimsTable),
    files,
    scanner: new DynamoTableScanner(doc, { claims: claimsTable, registry: registryTable }),
    runner,
    signingKey: async () => signingKeyFromSecret(await (await keys()).get('exportSigning')),
    now: () => new Date(),
  };
  return deps;
}
