/**
 * `npm run import-members -- FILE`: imports a member list (CSV from Excel, UTF-8 or GB18030) into the
 * registry table of the running local stack, or of AWS with `--aws --table NAME`.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { DomainError } from '../../functions/domain/errors.ts';
import { formatCsvLine } from '../../functions/domain/member-import/csv.ts';
import { ENCODING_OPTIONS, type EncodingOption } from '../../functions/domain/member-import/encoding.ts';
import { FIELD_LABELS } from '../../functions/domain/member-import/header.ts';
import type { RowError } from '../../functions/domain/member-import/row.ts';
import { type ImportResult, importMembers, piiHashKeyFrom } from '../../functions/usecases/import-members.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { Progress } from './progress.ts';
import { STACK_OPTIONS, STACK_USAGE, type StackInfo, stackOrExit } from './stack-file.ts';

/** The local runtime's region (DynamoDB Local keeps tables per region). */
const REGION = 'us-east-1';

const usage = `Imports a member list (CSV saved by Excel, UTF-8 or GB18030) into the registry, checking every
row first. Writes to the running local stack (npm start) unless --aws.
  npm run import-members -- FILE [--encoding auto|utf8|gb18030] [--dry-run] [--all-or-nothing] [--report FILE]
Options:
  --encoding E           auto (default), utf8 or gb18030
  --dry-run              check every row and count what would change; write nothing
  --all-or-nothing       write nothing at all when any row is invalid
  --report FILE          the per-row report (CSV, UTF-8 with BOM); default FILE.report.csv
  --members FILE         each valid row's member id (CSV, UTF-8 with BOM); default FILE.members.csv
  --table NAME           registry table; default the stack's registry table
  --aws                  AWS with the default credential chain and region; needs --table and PII_HASH_KEY
  --concurrency N        chunks of rows written at once; default 4
${STACK_USAGE}
Exit status: 0 all rows valid, 1 invalid rows (or an unreadable file), 2 a usage or connection problem
(or no running stack).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    encoding: { type: 'string', default: 'auto' },
    'dry-run': { type: 'boolean', default: false },
    'all-or-nothing': { type: 'boolean', default: false },
    report: { type: 'string' },
    members: { type: 'string' },
    table: { type: 'string' },
    ...STACK_OPTIONS,
    aws: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '4' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const file = positionals[0];
if (file === undefined || positionals.length > 1) fail(`give one FILE\n\n${usage}`);
if (!(ENCODING_OPTIONS as readonly string[]).includes(values.encoding)) {
  fail(`--encoding must be one of ${ENCODING_OPTIONS.join(', ')}`);
}
const encoding = values.encoding as EncodingOption;
const concurrency = Number.parseInt(values.concurrency, 10);
if (!(concurrency >= 1 && concurrency <= 64)) fail('--concurrency must be 1..64');
if (values.aws && values.table === undefined) fail('--aws needs --table NAME (the deployed registry table)');
const stackFlags = ['data-dir', 'port', 'sfn-port', 'dynamodb-port'] as const;
if (values.aws && stackFlags.some((f) => values[f] !== undefined)) fail('give either --aws or a local stack');

let hashKey: string;
try {
  hashKey = values.aws
    ? piiHashKeyFrom({ PII_HASH_KEY: process.env.PII_HASH_KEY })
    : piiHashKeyFrom({ PII_HASH_KEY: process.env.PII_HASH_KEY, NOTIFY_MODE: 'outbox' });
} catch {
  fail('--aws needs PII_HASH_KEY: the key the deployed service hashes ID numbers with');
}

const size = (await stat(file).catch(() => fail(`cannot read ${file}`))).size;
const stack: StackInfo | null = values.aws ? null : stackOrExit(values);
const table = values.table ?? stack?.tables.registry ?? 'registry';
const endpoint = stack?.dynamoEndpoint ?? '';
const client = values.aws
  ? new DynamoDBClient({})
  : new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 5 });
try {
  await client.send(new DescribeTableCommand({ TableName: table }));
} catch (error) {
  const name = (error as Error).name;
  fail(
    name === 'ResourceNotFoundException'
      ? `table ${table} does not exist${values.aws ? '' : ' (is this the endpoint of npm start?)'}`
      : values.aws
        ? `cannot reach DynamoDB: ${(error as Error).message}`
        : `DynamoDB Local does not answer at ${endpoint}: start the local stack with npm start (${(error as Error).message})`,
  );
}

// Progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds otherwise.
const progress = new Progress();
let bytesRead = 0;
let pass: 1 | 2 = 1;
const dryRun = values['dry-run'];

async function* readFile(path: string): AsyncGenerator<Uint8Array> {
  bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    bytesRead += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

// The report: every row error, as the import finds them.
const reportPath = values.report ?? `${file}.report.csv`;
const report = createWriteStream(reportPath);
const writeReport = async (text: string) => {
  if (!report.write(text)) await once(report, 'drain');
};
await writeReport(
  `\uFEFF${formatCsvLine(['行 row', '字段 field', '原因 reason', '身份证号 ID number (masked)'])}`,
);
// The members: each valid row's member id (created, updated or unchanged), as the import writes them.
const membersPath = values.members ?? `${file}.members.csv`;
const membersFile = createWriteStream(membersPath);
const writeMembers = async (text: string) => {
  if (!membersFile.write(text)) await once(membersFile, 'drain');
};
await writeMembers(
  `\uFEFF${formatCsvLine(['行 row', '会员号 member id', '身份证号 ID number (masked)', '结果 outcome'])}`,
);
let membersListed = 0;
const closeFiles = async () => {
  report.end();
  membersFile.end();
  await Promise.all([once(report, 'close'), once(membersFile, 'close')]);
};
const fieldName = (field: RowError['field']) =>
  field === 'row' ? '整行 row' : `${FIELD_LABELS[field].zh} ${FIELD_LABELS[field].en}`;

const started = Date.now();
let result: ImportResult;
try {
  result = await importMembers(
    { registry: new DynamoRegistryStore(documentClient(client), table), now: () => new Date() },
    {
      open: () => readFile(file),
      encoding,
      hashKey,
      scopeUnitPath: null,
      actor: { kind: 'system', id: 'import-members command' },
      dryRun,
      allOrNothing: values['all-or-nothing'],
      concurrency,
      onRowErrors: async (errors) => {
        await writeReport(
          errors
            .map((e) => formatCsvLine([e.row, fieldName(e.field), e.reason, e.idNumberMasked ?? '']))
            .join(''),
        );
      },
      onMembers: async (members) => {
        membersListed += members.length;
        await writeMembers(
          members.map((m) => formatCsvLine([m.row, m.memberId ?? '', m.idNumberMasked, m.outcome])).join(''),
        );
      },
      onProgress: (done) => {
        if (done.pass !== pass) {
          // Pass 1 has read the whole file; pass 2 reads it again.
          progress.nextStage();
          pass = done.pass;
        }
        progress.update({
          label: `pass ${pass}/2 ${pass === 1 ? 'checking' : dryRun ? 'counting' : 'writing '}`,
          fraction: size === 0 ? 1 : bytesRead / size,
          count: done.rows,
          unit: 'rows',
        });
      },
    },
  );
  progress.end();
} catch (error) {
  progress.interrupt();
  await closeFiles();
  client.destroy();
  if (error instanceof DomainError) {
    const lines = error.errors.map((e) => `  ${e.field}: ${e.message}`);
    fail([`${error.title}: ${error.detail}`, ...lines].join('\n'), 1);
  }
  throw error;
}
await closeFiles();
client.destroy();

const seconds = (Date.now() - started) / 1000;
const n = (x: number) => x.toLocaleString('en');
const written =
  result.allOrNothing && result.invalid > 0
    ? 'all or nothing: nothing written because of invalid rows'
    : `created ${n(result.created)}, updated ${n(result.updated)}, unchanged ${n(result.unchanged)}`;
process.stdout.write(
  [
    `Member import of ${file} (${result.encoding === 'utf8' ? 'UTF-8' : 'GB18030'})`,
    `  rows ${n(result.rows)}: valid ${n(result.valid)}, invalid ${n(result.invalid)}`,
    result.dryRun
      ? `  would create ${n(result.created)}, update ${n(result.updated)}; unchanged ${n(result.unchanged)} (dry run: nothing written)`
      : `  ${written}`,
    `  report: ${reportPath} (${n(result.errorCount)} error${result.errorCount === 1 ? '' : 's'})`,
    `  member ids: ${membersPath} (${n(membersListed)} row${membersListed === 1 ? '' : 's'}${result.dryRun ? '; new members get theirs when imported' : ''})`,
    ...result.members
      .slice(0, 10)
      .map((m) => `    row ${m.row}: ${m.memberId ?? '(new)'} ${m.idNumberMasked} ${m.outcome}`),
    ...(membersListed > 10 ? [`    … ${n(membersListed - 10)} more in ${membersPath}`] : []),
    `  ${seconds.toFixed(1)} s, ${n(Math.round(result.rows / Math.max(seconds, 0.001)))} rows/s`,
    '',
  ].join('\n'),
);
process.exit(result.invalid > 0 ? 1 : 0);
