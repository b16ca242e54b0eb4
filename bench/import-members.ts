/**
 * Benchmark of the member import (not a test): generates N valid members as a CSV file (streamed to a
 * temporary folder), starts an in-memory DynamoDB Local, loads the demo units, and imports the file
 * through the same use case as `npm run import-members`. Prints rows, seconds, rows/s, the peak RSS of
 * this process and the CPU time of this process and of DynamoDB Local.
 *
 *   npm run bench:import -- [--rows 1000000] [--concurrency 4] [--write-concurrency 4] [--keep-file]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { DynamoRegistryStore } from '../functions/adapters/dynamodb/registry-store.ts';
import { makeIdNumber } from '../functions/domain/id-number.ts';
import { formatCsvLine } from '../functions/domain/member-import/csv.ts';
import { importMembers, LOCAL_PII_HASH_KEY } from '../functions/usecases/import-members.ts';
import { createTables } from '../infra/local/create-tables.ts';
import { buildDemoData } from '../infra/local/demo-data.ts';
import { LOCAL_CREDENTIALS, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/free-port.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '4' },
    'write-concurrency': { type: 'string', default: '4' },
    'keep-file': { type: 'boolean', default: false },
  },
});
const ROWS = Number.parseInt(values.rows, 10);
const CONCURRENCY = Number.parseInt(values.concurrency, 10);
const WRITE_CONCURRENCY = Number.parseInt(values['write-concurrency'], 10);
if (!(ROWS > 0) || !(CONCURRENCY > 0) || !(WRITE_CONCURRENCY > 0)) {
  throw new Error('--rows, --concurrency and --write-concurrency take positive whole numbers');
}

/**
 * Area codes (GB/T 2260) of the generated identity numbers: from outside Beijing (many members are
 * migrant workers), so none can be one of the demo members', whose numbers carry Beijing codes.
 */
const AREAS = [
  '120101',
  '120102',
  '120103',
  '130102',
  '130104',
  '130105',
  '130108',
  '140105',
  '140106',
  '320102',
  '370102',
  '410102',
  '410103',
  '420102',
  '510104',
  '610102',
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
];
const BIRTH_FROM = Date.UTC(1965, 0, 1);
const BIRTH_DAYS = Math.floor((Date.UTC(2002, 11, 31) - BIRTH_FROM) / 86_400_000) + 1;
const JOIN_FROM = Date.UTC(2010, 0, 1);

function isoDay(fromMs: number, days: number): string {
  return new Date(fromMs + days * 86_400_000).toISOString().slice(0, 10);
}

/** Row i: unique identity number (area × birth date × sequence) and mobile, spread over the units. */
function memberRow(i: number, unitCodes: readonly string[]): string[] {
  const area = AREAS[i % AREAS.length] ?? '120101';
  const rest = Math.floor(i / AREAS.length);
  const birth = isoDay(BIRTH_FROM, rest % BIRTH_DAYS);
  const sequence = Math.floor(rest / BIRTH_DAYS);
  const status = i % 20 === 0 ? '暂停' : i % 33 === 0 ? '离会' : '在会';
  return [
    `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / 20) % GIVEN.length]}`,
    makeIdNumber(area, birth, sequence),
    `1${3 + (i % 7)}${String(i).padStart(9, '0')}`,
    unitCodes[i % unitCodes.length] ?? '',
    isoDay(JOIN_FROM, i % 3650),
    status,
    status === '离会' ? '2024-06-30' : '',
    i % 17 === 0 ? '是' : '否',
    i % 41 === 0 ? '是' : '否',
  ];
}

/** User + system CPU seconds of a process, from /proc (Linux); null elsewhere. */
async function cpuSecondsOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function peakRssOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status === null ? null : /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined || kb === null ? null : Number(kb) * 1024;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const log = (line: string) => process.stderr.write(`${line}\n`);

const dir = await mkdtemp(join(tmpdir(), 'bench-import-'));
const file = join(dir, 'members.csv');
const demo = buildDemoData({ hashKey: LOCAL_PII_HASH_KEY });
const unitCodes = demo.units.filter((u) => u.tier === 'grassroots').map((u) => u.code);

// 1. The file.
let started = Date.now();
const out = createWriteStream(file);
out.write(
  `\uFEFF${formatCsvLine(['姓名', '身份证号', '手机号', '基层工会代码', '入会日期', '会籍状态', '离会日期', '困难职工', '劳模'])}`,
);
for (let i = 0; i < ROWS; i++) {
  if (!out.write(formatCsvLine(memberRow(i, unitCodes)))) await once(out, 'drain');
}
out.end();
await once(out, 'close');
const bytes = (await stat(file)).size;
log(
  `generated ${ROWS.toLocaleString('en')} rows (${mib(bytes)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

// 2. DynamoDB Local in memory, the tables, the demo units.
const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null, workload: 'bulk' });
const client = new DynamoDBClient({
  endpoint: dynamo.endpoint,
  region: 'us-east-1',
  credentials: LOCAL_CREDENTIALS,
  maxAttempts: 5,
});
try {
  const { names } = await createTables(client, 'bench-');
  const registry = new DynamoRegistryStore(documentClient(client), names.registry, {
    writeConcurrency: WRITE_CONCURRENCY,
  });
  await registry.putAll(demo);

  // 3. The import, sampling this process's memory every 100 ms.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const cpuBefore = process.cpuUsage();
  const dynamoCpuBefore = await cpuSecondsOf(dynamo.process.pid);
  const passStarts: number[] = [];
  let lastLog = 0;
  started = Date.now();
  let pass1Done = started;
  const result = await importMembers(
    { registry, now: () => new Date() },
    {
      open: () => createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>,
      encoding: 'auto',
      hashKey: LOCAL_PII_HASH_KEY,
      scopeUnitPath: null,
      actor: { kind: 'system', id: 'import-benchmark' },
      concurrency: CONCURRENCY,
      onProgress: ({ pass, rows }) => {
        if (passStarts[pass - 1] === undefined) passStarts[pass - 1] = Date.now();
        if (pass === 1) pass1Done = Date.now();
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          const seconds = (Date.now() - (passStarts[pass - 1] ?? started)) / 1000;
          log(`  pass ${pass}: ${rows.toLocaleString('en')} rows, ${Math.round(rows / seconds)} rows/s`);
        }
      },
    },
  );
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpuBefore);
  const dynamoCpuAfter = await cpuSecondsOf(dynamo.process.pid);
  const dynamoPeak = await peakRssOf(dynamo.process.pid);
  const pass1 = (pass1Done - started) / 1000;
  const pass2 = seconds - pass1;

  const lines = [
    `member import benchmark, ${new Date().toISOString().slice(0, 10)}`,
    `  rows            ${ROWS.toLocaleString('en')} (${mib(bytes)} CSV, UTF-8), all valid, all new`,
    `  concurrency     ${CONCURRENCY} chunks of 200 rows × ${WRITE_CONCURRENCY} BatchWriteItem requests`,
    `  total           ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`,
    `  pass 1 (check)  ${pass1.toFixed(1)} s, ${Math.round(ROWS / pass1).toLocaleString('en')} rows/s`,
    `  pass 2 (write)  ${pass2.toFixed(1)} s, ${Math.round(ROWS / pass2).toLocaleString('en')} rows/s (${(3 * ROWS).toLocaleString('en')} items: member, ID-number lookup, audit event)`,
    `  peak RSS        ${mib(peakRss)} sampled every 100 ms; maxRSS ${mib(process.resourceUsage().maxRSS * 1024)}`,
    `  CPU             node ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s` +
      (dynamoCpuBefore !== null && dynamoCpuAfter !== null
        ? `, DynamoDB Local ${(dynamoCpuAfter - dynamoCpuBefore).toFixed(1)} s` +
          (dynamoPeak === null ? '' : ` (its peak RSS ${mib(dynamoPeak)})`)
        : ''),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (result.created !== ROWS || result.invalid !== 0) {
    log(
      `expected ${ROWS} new members, got ${JSON.stringify({ ...result, errors: result.errors.slice(0, 5) })}`,
    );
    process.exitCode = 1;
  }
} finally {
  client.destroy();
  await dynamo.stop();
  if (values['keep-file']) log(`kept ${file}`);
  else await rm(dir, { recursive: true, force: true });
}
