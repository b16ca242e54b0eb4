/**
 * `npm run export -- --year 2026 [--month 11]`: runs an evaluation export now against the running
 * local stack (its DynamoDB Local and data folder), as the worker would, records the job (it appears
 * in GET /exports), and prints the folder of the files and whether they verify.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoExportJobs } from '../../functions/adapters/dynamodb/export-jobs.ts';
import { DynamoTableScanner } from '../../functions/adapters/dynamodb/table-scanner.ts';
import { LocalExportFiles } from '../../functions/adapters/local-export-files.ts';
import { signingKeyFromSecret } from '../../functions/domain/evaluation/manifest.ts';
import { isValidPeriod } from '../../functions/domain/evaluation/period.ts';
import { newClaimId } from '../../functions/domain/ids.ts';
import { type ExportDeps, runExport } from '../../functions/usecases/evaluation-export.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { localKeys } from './local-idp.ts';
import { Progress } from './progress.ts';
import { STACK_OPTIONS, STACK_USAGE, stackOrExit } from './stack-file.ts';
import { localExportPublicKey, verifyExportDir } from './verify-export-cli.ts';

const { values } = parseArgs({
  options: {
    year: { type: 'string' },
    month: { type: 'string' },
    ...STACK_OPTIONS,
  },
});
const period = {
  year: Number(values.year),
  ...(values.month === undefined ? {} : { month: Number(values.month) }),
};
if (values.year === undefined || !isValidPeriod(period)) {
  process.stderr.write(`usage: npm run export -- --year YYYY [--month M]\n${STACK_USAGE}\n`);
  process.exit(2);
}
const stack = stackOrExit(values);
const dataDir = stack.dataDir;
const client = new DynamoDBClient({
  endpoint: stack.dynamoEndpoint,
  region: 'us-east-1',
  credentials: LOCAL_CREDENTIALS,
});
// Progress on stderr: each table's items scanned, against its item count (DynamoDB's estimate).
const progress = new Progress();
const estimated = async (table: string) =>
  (await client.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
try {
  const itemCounts = {
    registry: await estimated(stack.tables.registry),
    claims: await estimated(stack.tables.claims),
  };
  let scanning: keyof typeof itemCounts | null = null;
  const { keys } = await localKeys(dataDir);
  const doc = documentClient(client);
  const exportDir = join(dataDir, 'exports');
  const deps: ExportDeps = {
    jobs: new DynamoExportJobs(doc, stack.tables.claims),
    files: new LocalExportFiles(exportDir, stack.apiUrl, keys.exportDownload),
    scanner: new DynamoTableScanner(doc, stack.tables),
    runner: { start: async () => undefined },
    signingKey: () => signingKeyFromSecret(keys.exportSigning),
    now: () => new Date(),
    onProgress: ({ table, items }) => {
      if (scanning !== null && scanning !== table) progress.nextStage();
      scanning = table;
      const total = itemCounts[table];
      progress.update({
        label: `scanning ${table}`,
        fraction: total > 0 ? Math.min(0.99, items / total) : null,
        count: items,
        unit: 'items',
      });
    },
  };
  const started = performance.now();
  const exportId = `E${newClaimId().slice(1)}`;
  await deps.jobs.create({
    exportId,
    period,
    requestedBy: { kind: 'admin', id: `cli:${process.env.USER ?? 'local'}` },
    requestedAt: new Date().toISOString(),
    status: 'RUNNING',
  });
  const result = await runExport(deps, exportId).catch((error: unknown) => {
    progress.interrupt();
    throw error;
  });
  progress.end();
  const seconds = (performance.now() - started) / 1000;
  const folder = join(exportDir, exportId);
  process.stdout.write(
    `export ${exportId}: ${result.items} items scanned, ${result.counts.rows} rows, ${result.counts.members} members served, ${seconds.toFixed(1)} s\n` +
      `${result.files.map((f) => `  ${join(folder, f.name)}  ${f.bytes} bytes  sha256 ${f.sha256}`).join('\n')}\n`,
  );
  const { key, pemFile } = await localExportPublicKey(dataDir);
  const { lines, exitCode } = await verifyExportDir(folder, key);
  process.stdout.write(`${lines.join('\n')}\npublic key: ${pemFile}\n`);
  process.exitCode = exitCode;
} finally {
  client.destroy();
}
