/**
 * Benchmark of the evaluation export (not a test). Starts an in-memory DynamoDB Local, seeds it with the
 * demo union tree and budgets, M members and N claims of 2026 (each with its META, two audit events and,
 * when paid, its PAYOUT item), N/2 service visits, N/4 satisfaction ratings and N/100 fraud flags, all
 * with parallel BatchWriteItem requests; then runs one export of 2026 in a child process (so its peak
 * memory is the export's alone) and prints, as the last stdout line:
 *
 *   {"section":"export","claims":N,"members":M,"seconds":…,"peakRssMiB":…}
 *
 *   node --import tsx bench/export.ts --claims 200000 --members 1000000 [--segments 4]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { DynamoExportJobs } from '../functions/adapters/dynamodb/export-jobs.ts';
import { claimKeys, registryKeys } from '../functions/adapters/dynamodb/keys.ts';
import { DynamoTableScanner } from '../functions/adapters/dynamodb/table-scanner.ts';
import { LocalExportFiles } from '../functions/adapters/local-export-files.ts';
import { signingKeyFromSecret } from '../functions/domain/evaluation/manifest.ts';
import { formatMemberId } from '../functions/domain/member-import/member-record.ts';
import type { ExportJob, ExportJobs, TableScanner } from '../functions/ports/exports.ts';
import { runExport } from '../functions/usecases/evaluation-export.ts';
import { createTables } from '../infra/local/create-tables.ts';
import { buildDemoData } from '../infra/local/demo-data.ts';
import { LOCAL_CREDENTIALS, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/free-port.ts';

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '200000' },
    members: { type: 'string', default: '1000000' },
    segments: { type: 'string', default: '4' },
    // dynamodb: seed DynamoDB Local and scan it; replay: the same items replayed as scan pages, no database.
    source: { type: 'string', default: 'dynamodb' },
    // Internal: the child process that runs the export against an already seeded database.
    'run-export': { type: 'string' },
    endpoint: { type: 'string' },
    prefix: { type: 'string' },
  },
});
const CLAIMS = Number.parseInt(values.claims, 10);
const MEMBERS = Number.parseInt(values.members, 10);
const SEGMENTS = Number.parseInt(values.segments, 10);
if (!(CLAIMS > 0) || !(MEMBERS > 0) || !(SEGMENTS > 0))
  throw new Error('--claims, --members, --segments take positive numbers');
if (values.source !== 'dynamodb' && values.source !== 'replay')
  throw new Error('--source is dynamodb or replay');
const log = (line: string) => process.stderr.write(`${line}\n`);
const YEAR = 2026;
const BENCH_SECRET = 'bench-export-signing-secret-0123456789abcdef';

type Item = Record<string, unknown>;

async function writeAll(doc: DynamoDBDocumentClient, table: string, items: Iterable<Item>, inFlight = 16) {
  const iterator = items[Symbol.iterator]();
  let written = 0;
  const worker = async () => {
    for (;;) {
      const batch: Item[] = [];
      for (let r = iterator.next(); batch.length < 25; r = iterator.next()) {
        if (r.done === true) break;
        batch.push(r.value);
        if (batch.length === 25) break;
      }
      if (batch.length === 0) return;
      let requests: { PutRequest: { Item: Item } }[] = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
      written += batch.length;
      if (written % 100_000 < 25) log(`  ${table}: ${written.toLocaleString('en')} items`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return written;
}

const MONEY = ['skill-boost', 'legal-aid', 'medical-mutual-aid', 'accident-protection', 'hardship-aid'];
const SERVICE = [
  'culture-sports',
  'health-promotion',
  'occupational-rehab',
  'psychological-care',
  'maternal-care',
];
const START = Date.UTC(YEAR - 1, 11, 31, 16); // 2026-01-01 00:00 in Beijing
const SPAN = Date.UTC(YEAR, 10, 27) - START;

function* memberItems(unitCodes: readonly string[], segment = 0, total = 1): Generator<Item> {
  for (let n = 1 + segment; n <= MEMBERS; n += total) {
    const memberId = formatMemberId(n);
    yield {
      ...registryKeys.member(memberId),
      type: 'member',
      memberId,
      name: `会员${n}`,
      idNumberHash: `h${n.toString(16).padStart(16, '0')}`,
      idNumberMasked: '120101********0000',
      mobile: `139${String(n).padStart(8, '0')}`,
      sex: n % 2 === 0 ? 'female' : 'male',
      unitCode: unitCodes[n % unitCodes.length],
      status: n % 20 === 0 ? 'suspended' : 'active',
      joinedOn: `20${String(10 + (n % 16)).padStart(2, '0')}-03-01`,
      leftOn: null,
      hardship: n % 17 === 0,
      modelWorker: n % 41 === 0,
    };
  }
}

function* claimItems(unitCodes: readonly string[], segment = 0, total = 1): Generator<Item> {
  for (let i = segment; i < CLAIMS; i += total) {
    const claimId = `C${String(i).padStart(26, '0')}`;
    const memberN = 1 + ((i * 7919) % MEMBERS);
    const submitted = START + Math.floor((i / CLAIMS) * SPAN);
    const roll = i % 20;
    const status = roll < 14 ? 'PAID' : roll < 17 ? 'REJECTED' : roll < 18 ? 'FAILED' : 'AWAITING_APPROVAL';
    const decided = submitted + 60_000 * (5 + ((i * 37) % 4320));
    const unitCode = unitCodes[memberN % unitCodes.length];
    const meta: Item = {
      ...claimKeys.meta(claimId),
      type: 'claim',
      gsi1pk: claimKeys.byMember(formatMemberId(memberN)),
      gsi1sk: `CLAIM#${claimId}`,
      claimId,
      memberId: formatMemberId(memberN),
      memberName: `会员${memberN}`,
      unitCode,
      unitPath: `BJ/x/${unitCode}`,
      program: MONEY[i % MONEY.length],
      benefit: 'b',
      incidentDate: new Date(submitted).toISOString().slice(0, 10),
      facts: {},
      evidence: [{ kind: 'invoice', number: `INV-${i}` }],
      payee: { name: `会员${memberN}`, bankName: '中国工商银行', accountMasked: '6222********1234' },
      status,
      version: 6,
      submittedAt: new Date(submitted).toISOString(),
      submittedBy: { kind: 'member', id: formatMemberId(memberN) },
      updatedAt: new Date(decided).toISOString(),
      ...(status === 'AWAITING_APPROVAL'
        ? {}
        : {
            approval: {
              level: 1,
              decision: status === 'REJECTED' ? 'reject' : 'approve',
              approverId: 'A-1',
              reason: '',
              decidedAt: new Date(decided).toISOString(),
            },
          }),
      ...(status === 'PAID'
        ? {
            payout: {
              payoutId: `P${i}`,
              amountFen: 100_000,
              paidAt: new Date(decided + 3_600_000).toISOString(),
            },
          }
        : {}),
    };
    yield meta;
    for (let seq = 1; seq <= 2; seq++) {
      yield {
        ...claimKeys.event(claimId, seq),
        type: 'event',
        claimId,
        seq,
        at: meta.submittedAt,
        actor: { kind: 'system', id: 'bench' },
        action: seq === 1 ? 'submitted' : 'verified',
        from: seq === 1 ? null : 'SUBMITTED',
        to: seq === 1 ? 'SUBMITTED' : 'MEMBERSHIP_VERIFIED',
        reason: '',
        prevHash: '0'.repeat(64),
        hash: '1'.repeat(64),
      };
    }
    if (status === 'PAID')
      yield { ...claimKeys.payout(claimId), type: 'payout', claimId, amountFen: 100_000 };
    if (i % 100 === 0) {
      yield {
        pk: `CLAIM#${claimId}`,
        sk: 'FLAG#velocity',
        rule: 'velocity',
        score: 0.9,
        state: i % 300 === 0 ? 'CONFIRMED' : 'OPEN',
        raisedAt: meta.submittedAt,
      };
    }
  }
}

function* visitItems(unitCodes: readonly string[], segment = 0, total = 1): Generator<Item> {
  for (let i = segment; i < CLAIMS / 2; i += total) {
    const visitId = `V${String(i).padStart(12, '0')}`;
    const memberN = 1 + ((i * 104_729) % MEMBERS);
    const unitCode = unitCodes[memberN % unitCodes.length];
    yield {
      ...claimKeys.visit(visitId),
      type: 'visit',
      gsi1pk: claimKeys.byMember(formatMemberId(memberN)),
      gsi1sk: `VISIT#${visitId}`,
      visitId,
      program: SERVICE[i % SERVICE.length],
      service: 's',
      memberId: formatMemberId(memberN),
      unitCode,
      unitPath: `BJ/x/${unitCode}`,
      visitedOn: new Date(START + Math.floor((i / (CLAIMS / 2)) * SPAN) + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10),
      recordedAt: new Date(START).toISOString(),
      recordedBy: { kind: 'staff', id: 'bench' },
      note: '',
    };
  }
}

function* ratingItems(segment = 0, total = 1): Generator<Item> {
  for (let i = segment; i < CLAIMS / 4; i += total) {
    const memberN = 1 + ((i * 7919 * 4) % MEMBERS);
    const answeredAt = new Date(START + Math.floor((i / (CLAIMS / 4)) * SPAN) + 86_400_000).toISOString();
    yield {
      ...claimKeys.feedback(`T${i}`),
      type: 'feedback',
      token: `T${i}`,
      subject: { kind: 'claim', id: `C${String(i * 4).padStart(26, '0')}` },
      memberId: formatMemberId(memberN),
      program: MONEY[(i * 4) % MONEY.length],
      createdAt: answeredAt,
      expiresAt: answeredAt,
      rating: 1 + (i % 5 === 0 ? 2 : (i % 3) + 2),
      comment: '',
      answeredAt,
      gsi1pk: `FEEDBACK#${MONEY[(i * 4) % MONEY.length]}#${YEAR}`,
      gsi1sk: answeredAt,
    };
  }
}

function clientFor(endpoint: string) {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 8,
  });
}

/** DynamoDB's pages hold up to 1 MB: about 2,900 of these items. */
const PAGE_ITEMS = 2900;

/** The seeded items replayed as parallel scan segments, page by page, without a database. */
function replayScanner(unitCodes: readonly string[]): TableScanner {
  const demo = buildDemoData({ hashKey: 'bench-pii-hash-key' });
  return {
    async *segment(table, segment, total) {
      const items = function* (): Generator<Item> {
        if (table === 'registry') {
          if (segment === 0) yield* registryHead(demo);
          yield* memberItems(unitCodes, segment, total);
        } else {
          yield* claimItems(unitCodes, segment, total);
          yield* visitItems(unitCodes, segment, total);
          yield* ratingItems(segment, total);
        }
      };
      let page: Item[] = [];
      for (const item of items()) {
        page.push(item);
        if (page.length === PAGE_ITEMS) {
          yield page;
          page = [];
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      yield page;
    },
  };
}

function* registryHead(demo: ReturnType<typeof buildDemoData>): Generator<Item> {
  for (const unit of demo.units) yield { ...registryKeys.unit(unit.code), type: 'unit', ...unit };
  for (const b of demo.budgets)
    yield { ...registryKeys.budget(b.unitCode, b.programId, b.year), type: 'budget', ...b, year: YEAR };
}

function memoryJobs(): ExportJobs {
  const jobs = new Map<string, ExportJob>();
  return {
    create: async (job) => void jobs.set(job.exportId, job),
    finish: async (id, outcome) => void jobs.set(id, { ...(jobs.get(id) as ExportJob), ...outcome }),
    get: async (id) => jobs.get(id) ?? null,
    list: async () => [...jobs.values()],
  };
}

async function childExport(endpoint: string, prefix: string): Promise<void> {
  const client = clientFor(endpoint);
  const doc = documentClient(client);
  const tables = { claims: `${prefix}claims`, registry: `${prefix}registry` };
  const dir = await mkdtemp(join(tmpdir(), 'bench-export-'));
  const replay = values.source === 'replay';
  const unitCodes = buildDemoData({ hashKey: 'bench-pii-hash-key' })
    .units.filter((u) => u.tier === 'grassroots')
    .map((u) => u.code);
  try {
    const jobs = replay ? memoryJobs() : new DynamoExportJobs(doc, tables.claims);
    const deps = {
      jobs,
      files: new LocalExportFiles(dir, 'http://127.0.0.1:0', BENCH_SECRET),
      scanner: replay ? replayScanner(unitCodes) : new DynamoTableScanner(doc, tables),
      runner: { start: async () => undefined },
      signingKey: () => signingKeyFromSecret(BENCH_SECRET),
      now: () => new Date(),
      segments: SEGMENTS,
    };
    const exportId = `E${'0'.repeat(26)}`;
    await jobs.create({
      exportId,
      period: { year: YEAR },
      requestedBy: { kind: 'system', id: 'bench' },
      requestedAt: new Date().toISOString(),
      status: 'RUNNING',
    });
    const started = performance.now();
    const result = await runExport(deps, exportId);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, items: result.items, ...result.counts, files: result.files.map((f) => [f.name, f.bytes]) })}\n`,
    );
  } finally {
    client.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

interface ChildResult {
  seconds: number;
  peakRssMiB: number;
  items: number;
  rows: number;
  members: number;
  files: [string, number][];
}

/** Runs the export in a child process, so that its peak memory is the export's alone. */
async function spawnExport(endpoint: string): Promise<ChildResult> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      import.meta.filename,
      '--run-export',
      '1',
      '--endpoint',
      endpoint,
      '--prefix',
      'bench-',
      '--claims',
      String(CLAIMS),
      '--members',
      String(MEMBERS),
      '--segments',
      String(SEGMENTS),
      '--source',
      String(values.source),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the export process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

function report(result: ChildResult, seed: { items: number; seconds: number } | null): void {
  log(
    `export (${values.source}): ${result.items.toLocaleString('en')} items scanned, ${result.rows} rows, ${result.members.toLocaleString('en')} members served; files ${result.files.map(([n, b]) => `${n} ${(b / 1024 / 1024).toFixed(1)} MiB`).join(', ')}`,
  );
  if (seed !== null)
    process.stdout.write(
      `${JSON.stringify({ section: 'seed', items: seed.items, seconds: Math.round(seed.seconds) })}\n`,
    );
  process.stdout.write(
    `${JSON.stringify({ section: 'export', claims: CLAIMS, members: MEMBERS, seconds: Math.round(result.seconds * 10) / 10, peakRssMiB: Math.round(result.peakRssMiB), source: values.source, segments: SEGMENTS })}\n`,
  );
}

if (values['run-export'] !== undefined) {
  await childExport(values.endpoint ?? '', values.prefix ?? '');
} else if (values.source === 'replay') {
  const result = await spawnExport('http://127.0.0.1:1');
  report(result, null);
} else {
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null, workload: 'bulk' });
  const client = clientFor(dynamo.endpoint);
  try {
    const doc = documentClient(client);
    const { names } = await createTables(client, 'bench-');
    const demo = buildDemoData({ hashKey: 'bench-pii-hash-key' });
    const unitCodes = demo.units.filter((u) => u.tier === 'grassroots').map((u) => u.code);
    const seedStarted = performance.now();
    const registryItems = function* (): Generator<Item> {
      yield* registryHead(demo);
      yield* memberItems(unitCodes);
    };
    const seeded =
      (await writeAll(doc, names.registry, registryItems())) +
      (await writeAll(doc, names.claims, claimItems(unitCodes))) +
      (await writeAll(doc, names.claims, visitItems(unitCodes))) +
      (await writeAll(doc, names.claims, ratingItems()));
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded ${seeded.toLocaleString('en')} items in ${seedSeconds.toFixed(0)} s`);

    report(await spawnExport(dynamo.endpoint), { items: seeded, seconds: seedSeconds });
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
