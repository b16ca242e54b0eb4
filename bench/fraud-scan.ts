/**
 * Benchmark of the fraud scan (not a test): starts an in-memory DynamoDB Local, loads the demo units and
 * N/4 synthetic members, seeds N synthetic claims (about four a member, with a planted duplicate
 * certificate every 1,000 claims and an account shared by three members every 2,000), then times one full
 * scan through the same use case as `npm run fraud-scan`. The last line of stdout is one JSON object:
 * {"section":"fraud-scan","claims":N,"seconds":…,"peakRssMiB":…,"flags":…}
 *
 *   node --import tsx bench/fraud-scan.ts --claims 100000
 *
 * With --daily (`npm run bench:fraud-scan -- --daily --claims 1000000 --changed 3000`) it times the daily
 * scan instead: the table is seeded through BatchWriteItem as a day's scan finds it — N claims, all but
 * the last `--changed` already filed in the scan's index (snapshots, directories, members by mobile), the
 * units' weekly counters as the claims' transactions left them, the cursor at yesterday's scan — and the
 * last `--changed` claims submitted today (their audit events in today's change index). Only the scan is
 * timed. {"section":"fraud-scan-daily","claims":N,"changed":C,"seconds":…,…}
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { putAll } from '../functions/adapters/dynamodb/batch.ts';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { claimKeys } from '../functions/adapters/dynamodb/keys.ts';
import { DynamoRegistryStore } from '../functions/adapters/dynamodb/registry-store.ts';
import type { Claim } from '../functions/domain/claim.ts';
import type { Member } from '../functions/domain/registry.ts';
import { LOCAL_PII_HASH_KEY } from '../functions/usecases/import-members.ts';
import { createTables } from '../infra/local/create-tables.ts';
import { buildDemoData } from '../infra/local/demo-data.ts';
import { LOCAL_CREDENTIALS, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { scanTables } from '../infra/local/fraud-scan-cli.ts';
import { freePort } from '../infra/local/free-port.ts';
import { dailyItems } from './lib/fraud-daily.ts';

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '10000' },
    profile: { type: 'boolean', default: false },
    daily: { type: 'boolean', default: false },
    changed: { type: 'string', default: '3000' },
  },
});
const N = Number.parseInt(values.claims, 10);
if (!(N > 0)) throw new Error('--claims takes a positive whole number');
const DAILY = values.daily === true;
const CHANGED = DAILY ? Number.parseInt(values.changed, 10) : 0;
if (DAILY && !(CHANGED > 0 && CHANGED <= N))
  throw new Error('--changed takes a whole number from 1 to --claims');

const log = (line: string) => process.stderr.write(`${line}\n`);
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const DAY_MS = 86_400_000;
/** A fixed "now" (and claims in the year before it), so every run seeds the same data. */
const NOW = Date.parse('2026-11-28T00:00:00Z');

const demo = buildDemoData({ hashKey: LOCAL_PII_HASH_KEY });
const grassroots = demo.units.filter((u) => u.tier === 'grassroots');
const MEMBERS = Math.max(1, Math.ceil(N / 4));

function member(i: number): Member {
  const unit = grassroots[i % grassroots.length] as (typeof grassroots)[number];
  return {
    memberId: `M9${pad(i, 7)}`,
    name: `会员${i}`,
    idNumberHash: `bench-${i}`,
    idNumberMasked: '110105********0000',
    mobile: `139${pad(i, 8)}`,
    sex: i % 2 === 0 ? 'female' : 'male',
    unitCode: unit.code,
    status: 'active',
    joinedOn: '2015-03-01',
    leftOn: null,
    hardship: false,
    modelWorker: false,
  };
}

/** Claim i: its member, and the planted patterns. */
function claimItems(i: number): Record<string, unknown>[] {
  const m = member(i % MEMBERS);
  const unit = grassroots.find((u) => u.code === m.unitCode);
  const claimId = `C9${pad(i, 25)}`;
  // Spread over the year before NOW; a member's claims are months apart. In the daily mode the last
  // CHANGED claims were submitted today, in the hours before NOW.
  const today = i >= N - CHANGED;
  const at = new Date(
    today ? NOW - 60_000 - (N - i) * 5000 : NOW - ((i * 7919) % 360) * DAY_MS - (i % 1000) * 1000,
  ).toISOString();
  const duplicate = i % 1000 === 1 ? i - 1 : i;
  const shared = i % 2000 < 3 ? '6217000000000000001' : `6222${pad(i, 15)}`;
  const claim: Claim = {
    claimId,
    memberId: m.memberId,
    unitCode: m.unitCode,
    unitPath: unit?.path ?? null,
    program: 'skill-boost',
    benefit: 'technician',
    incidentDate: at.slice(0, 10),
    facts: {},
    evidence: [{ kind: 'certificate', number: `JS-BENCH-${pad(duplicate, 8)}` }],
    payee: { name: m.name, bankName: '中国工商银行', accountMasked: '6222********0000' },
    status: today ? 'SUBMITTED' : 'PAID',
    version: 1,
    submittedAt: at,
    submittedBy: { kind: 'member', id: m.memberId },
    updatedAt: at,
    rules: { passed: true, amountFen: 1000_00, programVersion: 'bench', results: [] },
  };
  return [
    {
      ...claimKeys.meta(claimId),
      type: 'claim',
      gsi1pk: claimKeys.byMember(m.memberId),
      gsi1sk: at,
      ...claim,
    },
    { ...claimKeys.payee(claimId), name: m.name, bankName: '中国工商银行', accountNumber: shared },
  ];
}

const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null, workload: 'bulk' });
const client = new DynamoDBClient({
  endpoint: dynamo.endpoint,
  region: 'us-east-1',
  credentials: LOCAL_CREDENTIALS,
  maxAttempts: 8,
});
try {
  const tables = (await createTables(client, 'bench-')).names;
  const doc = documentClient(client);
  const registry = new DynamoRegistryStore(doc, tables.registry);
  await registry.putAll({ units: demo.units, approvers: demo.approvers });
  let started = Date.now();
  for (let i = 0; i < MEMBERS; i += 5000) {
    await registry.putAll({
      members: Array.from({ length: Math.min(5000, MEMBERS - i) }, (_, k) => member(i + k)),
    });
  }
  const daily = DAILY
    ? dailyItems({ claims: N, changed: CHANGED, members: MEMBERS, member, claimItems, now: NOW })
    : null;
  for (let i = 0; i < N; i += 2000) {
    const ids = Array.from({ length: Math.min(2000, N - i) }, (_, k) => i + k);
    const items = ids.flatMap((k) => [...claimItems(k), ...(daily?.ofClaim(k) ?? [])]);
    await putAll(doc, tables.claims, items, 8);
  }
  if (daily !== null) {
    for (let i = 0; i < MEMBERS; i += 5000) {
      const ids = Array.from({ length: Math.min(5000, MEMBERS - i) }, (_, k) => i + k);
      await putAll(doc, tables.claims, ids.flatMap(daily.ofMember), 8);
    }
    await putAll(doc, tables.claims, daily.rest());
  }
  log(`seeded ${N} claims of ${MEMBERS} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const requests = new Map<string, { count: number; ms: number }>();
  if (values.profile === true) {
    // Requests per kind (and the time spent in them) during the scan alone.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const t = Date.now();
        try {
          return await next(args);
        } finally {
          const kind = requests.get(String(context.commandName)) ?? { count: 0, ms: 0 };
          requests.set(String(context.commandName), { count: kind.count + 1, ms: kind.ms + Date.now() - t });
        }
      },
      { step: 'initialize', name: 'benchProfile' },
    );
  }
  started = Date.now();
  const summary = await scanTables(client, tables, {
    hashKey: LOCAL_PII_HASH_KEY,
    now: () => new Date(NOW),
    // The seeded counters cover every week.
    ...(DAILY ? { countersFrom: '2000-01-03T00:00:00.000Z' } : {}),
  });
  const seconds = (Date.now() - started) / 1000;
  const peakRssMiB = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
  log(
    `fraud scan: ${summary.claims} claims judged, ${summary.raised} flag items (${JSON.stringify(summary.rules)}) in ${seconds.toFixed(1)} s`,
  );
  for (const [kind, { count, ms }] of [...requests].sort((a, b) => b[1].ms - a[1].ms))
    log(
      `  ${kind}: ${count} requests (${(count / N).toFixed(2)} a claim), ${(ms / 1000).toFixed(1)} s in flight`,
    );
  if (summary.claims !== (DAILY ? CHANGED : N)) process.exitCode = 1;
  const [load1, load5, load15] = loadavg().map((l) => Math.round(l * 100) / 100);
  process.stdout.write(
    `${JSON.stringify({ section: DAILY ? 'fraud-scan-daily' : 'fraud-scan', claims: N, ...(DAILY ? { changed: CHANGED, judged: summary.claims } : {}), seconds: Math.round(seconds * 10) / 10, peakRssMiB, flags: summary.raised, rules: summary.rules, loadavg: [load1, load5, load15] })}\n`,
  );
} finally {
  client.destroy();
  await dynamo.stop();
}
