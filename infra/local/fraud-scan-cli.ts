/**
 * `npm run fraud-scan`: runs the fraud scan now against the running local stack (or AWS with `--aws`), as
 * the daily schedule does: the claims changed since the last scan (all with `--full`), each flag once.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFraudStore } from '../../functions/adapters/dynamodb/fraud-store.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { LocalAuditArchive, localArchiveFile } from '../../functions/adapters/local-audit-archive.ts';
import type { AuditArchive } from '../../functions/ports/audit-archive.ts';
import { type FraudScanSummary, runFraudScan } from '../../functions/usecases/fraud-scan.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { Progress } from './progress.ts';
import { STACK_OPTIONS, STACK_USAGE, stackOrExit } from './stack-file.ts';

/** The scan on a DynamoDB client's tables. */
export function scanTables(
  client: DynamoDBClient,
  tables: { claims: string; registry: string },
  options: {
    hashKey: string;
    full?: boolean;
    overlapMs?: number;
    /** The first week the units' weekly counters count in full (default: the release that keeps them). */
    countersFrom?: string;
    now?: () => Date;
    /** Where the flag events are archived (the local stack's archive; in AWS the table's stream). */
    archive?: AuditArchive;
    onProgress?: (progress: { readonly claims: number }) => void;
  },
): Promise<FraudScanSummary> {
  const doc = documentClient(client);
  return runFraudScan(
    {
      claims: new DynamoClaimsStore(doc, tables.claims, tables.registry, options.archive),
      registry: new DynamoRegistryStore(doc, tables.registry),
      fraud: new DynamoFraudStore(doc, tables.claims),
      now: options.now ?? (() => new Date()),
    },
    {
      hashKey: options.hashKey,
      full: options.full,
      overlapMs: options.overlapMs,
      countersFrom: options.countersFrom,
      onProgress: options.onProgress,
    },
  );
}

const usage = `Runs the fraud scan now. Reads the running local stack (npm start) unless --aws.
  npm run fraud-scan -- [--full] [--claims-table NAME] [--registry-table NAME] [--aws]
Options:
  --full                 judge every claim again, not only those changed since the last scan
  --claims-table NAME    default the stack's claims;  --registry-table NAME  default its registry
  --aws                  AWS with the default credential chain and region; needs both table names and
                         PII_HASH_KEY (the key of the deployed stack's hashes)
${STACK_USAGE}`;

async function main(): Promise<void> {
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        full: { type: 'boolean', default: false },
        ...STACK_OPTIONS,
        'claims-table': { type: 'string' },
        'registry-table': { type: 'string' },
        aws: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const aws = values.aws === true;
  if (aws && (values['claims-table'] === undefined || values['registry-table'] === undefined))
    fail('--aws needs --claims-table and --registry-table');
  const hashKey = process.env.PII_HASH_KEY ?? (aws ? '' : LOCAL_PII_HASH_KEY);
  if (hashKey === '') fail('--aws needs PII_HASH_KEY, the key the deployed stack hashes with');
  const stack = aws ? null : stackOrExit(values as Record<string, string | undefined>);
  const tables = {
    claims: String(values['claims-table'] ?? stack?.tables.claims ?? 'claims'),
    registry: String(values['registry-table'] ?? stack?.tables.registry ?? 'registry'),
  };
  const endpoint = stack?.dynamoEndpoint ?? '';
  const client = aws
    ? new DynamoDBClient({})
    : new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 5 });
  try {
    await client.send(new DescribeTableCommand({ TableName: tables.claims }));
  } catch (error) {
    fail(
      `cannot read table ${tables.claims}${aws ? '' : ` at ${endpoint} (is npm start running?)`}: ${(error as Error).message}`,
    );
  }
  // Progress on stderr: the claims judged so far (how many changed is not known beforehand).
  const progress = new Progress();
  try {
    // Locally the flag events go to the stack's archive too (in AWS the table's stream archives them).
    const archive = stack === null ? undefined : new LocalAuditArchive(localArchiveFile(stack.dataDir));
    const summary = await scanTables(client, tables, {
      hashKey,
      full: values.full === true,
      archive,
      onProgress: ({ claims }) =>
        progress.update({ label: 'judging claims', fraction: null, count: claims, unit: 'claims' }),
    });
    progress.end();
    process.stdout.write(
      `fraud scan ${summary.since === null ? 'of every claim' : `since ${summary.since}`} up to ${summary.until}: ` +
        `${summary.claims} claims judged (${summary.filed} index items written), ${summary.raised} flags raised (${summary.holding} holding claims in flight, ${summary.review} for review)\n`,
    );
    for (const [rule, n] of Object.entries(summary.rules)) process.stdout.write(`  ${rule}: ${n}\n`);
  } catch (error) {
    progress.interrupt();
    throw error;
  } finally {
    client.destroy();
  }
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) await main();
