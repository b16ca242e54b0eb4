/**
 * The benchmark (not a test): prints a table per section and writes bench/results.json.
 *
 *   npm run bench -- [--claims 1000] [--concurrency 16] [--only e2e,footprint,coldstart,scaling]
 *                    [--coldstart-runs 5] [--sizes 10000,100000] [--out bench/results.json]
 *   npm run bench -- --compare <git ref> [--claims 1000] [--concurrency 16] [--out bench/compare.json]
 *
 * e2e        claims end to end on the local stack: claims/s, submit latency, submit → PAID, and the floor
 * footprint  from the same run: what AWS would bill per claim, and the cost per 1,000 claims
 * coldstart  each Lambda's bundle as the stack builds it: size and import time in a fresh Node process
 * scaling    fraud scan and evaluation export at each size: time and peak memory
 * console    the staff console: its files' bytes (raw, gzipped) and Chromium's first load of the home page
 *            after sign-in on the local stack, browser cache cleared (median of --console-runs, 5)
 * --compare  e2e and footprint on that git ref (a temporary worktree) and on the working tree, one after
 *            the other, side by side with their ratio (bench/compare.ts); nothing else runs
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../infra/local/handlers.ts';
import { type ColdStartResult, MAX_BUNDLE_KIB, MAX_CPU_RATIO, runColdStart } from './coldstart.ts';
import { compareTable, runCompare } from './compare.ts';
import { type ConsoleBenchResult, runConsoleBench } from './console.ts';
import { type EndToEndResult, runEndToEnd } from './e2e.ts';
import { costPer1000Claims } from './lib/cost.ts';
import { PRICES } from './lib/prices.ts';
import { round } from './lib/stats.ts';
import { type Cell, formatTable } from './lib/table.ts';
import { runScaling, type ScalingRow } from './scaling.ts';

const SECTIONS = ['e2e', 'footprint', 'coldstart', 'scaling', 'console'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    only: { type: 'string', default: SECTIONS.join(',') },
    'coldstart-runs': { type: 'string', default: '5' },
    'console-runs': { type: 'string', default: '5' },
    sizes: { type: 'string', default: '10000,100000' },
    out: { type: 'string' },
    compare: { type: 'string' },
  },
});
const OUT =
  values.out ?? join(PROJECT_ROOT, 'bench', values.compare === undefined ? 'results.json' : 'compare.json');
const CLAIMS = Number.parseInt(values.claims, 10);
const CONCURRENCY = Number.parseInt(values.concurrency, 10);
const RUNS = Number.parseInt(values['coldstart-runs'], 10);
const CONSOLE_RUNS = Number.parseInt(values['console-runs'], 10);
const SIZES = values.sizes.split(',').map((s) => Number.parseInt(s.replaceAll('_', ''), 10));
/** With --compare nothing else runs: each side runs its own e2e and footprint. */
const ONLY = (values.compare === undefined ? values.only.split(',').map((s) => s.trim()) : []) as Section[];
for (const s of ONLY)
  if (!SECTIONS.includes(s)) throw new Error(`--only: no section ${s} (${SECTIONS.join(', ')})`);
if (!(CLAIMS > 0) || !(CONCURRENCY > 0) || !(RUNS > 0) || !(CONSOLE_RUNS > 0) || !SIZES.every((n) => n > 0)) {
  throw new Error('--claims, --concurrency, --coldstart-runs and --sizes take positive whole numbers');
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (text: string) => process.stdout.write(`${text}\n\n`);
const ms = (v: number) => round(v, 3);

function e2eTable(r: EndToEndResult): string {
  const mix = Object.entries(r.levels)
    .map(([levels, n]) => `${n} × ${levels} level${levels === '1' ? '' : 's'}`)
    .join(', ');
  const rows: Cell[][] = [
    ['claims (approval levels)', `${r.claims} (${mix})`],
    ['concurrency', r.concurrency],
    ['wall time, s', round(r.seconds, 3)],
    ['claims per second', round(r.claimsPerSecond, 3)],
    [
      'submit latency p50 / p95 / p99, ms',
      `${ms(r.submitMs.p50)} / ${ms(r.submitMs.p95)} / ${ms(r.submitMs.p99)}`,
    ],
    [
      'submit → PAID p50 / p95 / p99, ms',
      `${ms(r.submitToPaidMs.p50)} / ${ms(r.submitToPaidMs.p95)} / ${ms(r.submitToPaidMs.p99)}`,
    ],
    ['floor: one DynamoDB Local write (median), ms', ms(r.floor.singleWriteMs)],
    ['floor: write requests per claim', round(r.floor.writeRequestsPerClaim, 3)],
    ['floor per claim, ms', ms(r.floor.floorMsPerClaim)],
    ['wall per claim ÷ (writes per claim × one write)', round(r.floor.throughputRatio, 3)],
    ['submit → PAID p50 ÷ floor', round(r.floor.latencyRatio, 3)],
    ['CPU per claim: Node (API, engine, handlers, driver), ms', ms(r.cpuMsPerClaim.node)],
    [
      'CPU per claim: DynamoDB Local, ms',
      r.cpuMsPerClaim.dynamoLocal === null ? null : ms(r.cpuMsPerClaim.dynamoLocal),
    ],
  ];
  return formatTable('End to end on the local stack', ['figure', 'value'], rows);
}

function footprintTables(r: EndToEndResult): string[] {
  const f = r.footprint;
  const per = (n: number) => round(n / f.claims, 3);
  const lambdaRows: Cell[][] = [...f.lambda]
    .sort((a, b) => b.invocations - a.invocations)
    .map((l) => [
      l.functionId,
      per(l.invocations),
      ms(r.lambdaMedianMs[l.functionId] ?? Number.NaN),
      l.memoryMb,
      round(((l.billedMs / 1000) * (l.memoryMb / 1024)) / f.claims, 3),
    ]);
  const dynamoRows: Cell[][] = Object.entries(r.dynamo.tables).map(([table, u]) => [
    table.replace(/^bench-/, ''),
    per(u.readUnits),
    per(u.writeUnits),
  ]);
  const requests = Object.entries(r.dynamo.requests)
    .sort(([, a], [, b]) => b - a)
    .map(([command, n]) => `${command} ${per(n)}`)
    .join(', ');
  const perClaim: Cell[][] = [
    ['Step Functions state transitions', per(f.stateTransitions)],
    ['Lambda invocations', per(f.lambda.reduce((s, l) => s + l.invocations, 0))],
    ['DynamoDB read request units', per(f.readUnits)],
    ['DynamoDB write request units', per(f.writeUnits)],
    ['DynamoDB requests', requests],
    [
      'HTTP API requests',
      `${per(f.httpRequests)} (${Object.entries(r.httpRequestsByKind)
        .map(([k, n]) => `${k} ${per(n)}`)
        .join(', ')})`,
    ],
    ['e-mails', per(f.emails)],
    ['SMS (message parts)', `${per(r.smsMessages)} (${per(f.smsParts)})`],
  ];
  const cost = costPer1000Claims(f);
  const costRows: Cell[][] = cost.lines.map((l) => [
    l.item,
    round(l.quantity, 4),
    l.unit,
    round(l.usd, 3),
    `${round(l.share * 100, 3)}%`,
  ]);
  const sms = cost.lines.find((l) => l.item.startsWith('SNS SMS'));
  costRows.push(['total', null, '', round(cost.totalUsd, 4), '100%']);
  if (sms !== undefined) {
    costRows.push([
      'total without SMS',
      null,
      '',
      round(cost.totalUsd - sms.usd, 4),
      `${round((1 - sms.share) * 100, 3)}%`,
    ]);
  }
  return [
    formatTable(
      `AWS footprint per claim (counted from the run of ${f.claims} claims)`,
      ['what', 'per claim'],
      perClaim,
    ),
    formatTable(
      'Lambda per claim (durations measured in-process on this machine)',
      ['function', 'invocations', 'median ms', 'MB', 'GB-s'],
      lambdaRows,
    ),
    formatTable('DynamoDB capacity units per claim', ['table', 'RRU', 'WRU'], dynamoRows),
    formatTable(
      'Cost per 1,000 claims, USD, us-east-1 on-demand (prices: bench/lib/prices.ts)',
      ['item', 'quantity', 'unit', 'USD', 'share'],
      costRows,
    ),
    [
      'Notes:',
      `- DynamoDB units are DynamoDB Local's (ReturnConsumedCapacity), except the ${r.dynamo.transactionsByRule.toLocaleString('en-US')} ` +
        'TransactWriteItems, computed by the published rules (2 WRU per KB of each item; an Update, Delete or ' +
        'ConditionCheck in a transaction as 1 KB, so a floor).',
      '- Lambda durations are measured in one Node process that runs every function for all claims in flight, ' +
        'on this machine: an upper bound for functions that would each run in their own Lambda.',
      "- HTTP requests are the driver's: the member's submission and one look at the claim, each approver's page " +
        'and decision. SMS are billed in parts (Chinese text: 70 characters in one, 67 a part when split).',
    ].join('\n'),
  ];
}

function coldStartTable(r: ColdStartResult): string {
  const rows: Cell[][] = [...r.rows]
    .sort((a, b) => b.importCpuMs - a.importCpuMs)
    .map((row) => [
      row.functionId,
      round(row.bundleBytes / 1024, 4),
      round(row.gzipBytes / 1024, 4),
      row.startFiles,
      round(row.assetBytes / 1024, 4),
      ms(row.importMs),
      ms(row.importCpuMs),
      round(row.cpuRatio, 3),
      row.meetsTarget ? 'yes' : 'NO',
      round(row.cpuRatioDefaultChain, 3),
    ]);
  const ref = r.reference;
  rows.push([
    '(reference: DynamoDBClient only)',
    round(ref.bundleBytes / 1024, 4),
    round(ref.gzipBytes / 1024, 4),
    null,
    round(ref.assetBytes / 1024, 4),
    ms(ref.importMs),
    ms(ref.importCpuMs),
    1,
    null,
    round(ref.importCpuMs / r.defaultChainReference.importCpuMs, 3),
  ]);
  const dc = r.defaultChainReference;
  rows.push([
    '(reference, SDK default credential chain)',
    round(dc.bundleBytes / 1024, 4),
    round(dc.gzipBytes / 1024, 4),
    null,
    round(dc.assetBytes / 1024, 4),
    ms(dc.importMs),
    ms(dc.importCpuMs),
    round(dc.importCpuMs / ref.importCpuMs, 3),
    null,
    1,
  ]);
  rows.push([
    '(empty module)',
    null,
    null,
    null,
    null,
    ms(r.emptyImportMs),
    ms(r.emptyImportCpuMs),
    null,
    null,
    null,
  ]);
  const met = r.rows.filter((row) => row.meetsTarget).length;
  return formatTable(
    `Cold start: each asset built as the stack builds it (handler module + chunks loaded by import() on first use), ` +
      `its handler imported in a fresh Node process (median of ${r.rows[0]?.runs ?? 0}; ` +
      `reference (a handler that only builds a DynamoDBClient, bundled the same way) median of ${ref.runs}, timed before ` +
      `and after). Target: CPU ≤ ${MAX_CPU_RATIO} × reference and ` +
      `≤ ${MAX_BUNDLE_KIB} KiB loaded at start (the handler's module and its static imports; the whole asset is ` +
      `shown beside it); ${met} of ${r.rows.length} functions meet it`,
    [
      'function',
      'KiB at start',
      'gzip KiB',
      'files at start',
      'asset KiB',
      'import ms',
      'import CPU ms',
      '× ref CPU',
      `meets ${MAX_CPU_RATIO}`,
      '× default-chain ref CPU',
    ],
    rows,
  );
}

/** What the smallest and the largest bundle hold, by package. */
function bundlePartsTable(r: ColdStartResult): string | null {
  const bySize = [...r.rows].sort((a, b) => a.bundleBytes - b.bundleBytes);
  const [small, large] = [bySize[0], bySize.at(-1)];
  if (small === undefined || large === undefined) return null;
  const kib = (row: typeof small, part: string) => {
    const bytes = row.parts.find((p) => p.part === part)?.bytes;
    return bytes === undefined ? null : round(bytes / 1024, 3);
  };
  const parts = [
    ...new Set([...small.parts, ...large.parts].filter((p) => p.bytes >= 10 * 1024).map((p) => p.part)),
  ];
  return formatTable(
    'What a bundle holds, KiB by package (parts of 10 KiB or more)',
    ['package', small.functionId, large.functionId],
    parts
      .map((part) => [part, kib(small, part), kib(large, part)] as const)
      .sort((a, b) => (b[2] ?? b[1] ?? 0) - (a[2] ?? a[1] ?? 0)),
  );
}

function consoleTable(r: ConsoleBenchResult): string {
  const rows: Cell[][] = r.files.map((f) => [f.file, f.bytes, f.gzipBytes]);
  rows.push(['total', r.totalBytes, r.totalGzipBytes]);
  rows.push([`first load, ms (median of ${r.firstLoadMs.runs.length})`, ms(r.firstLoadMs.median), null]);
  rows.push([
    '  DOMContentLoaded / load, ms',
    `${ms(r.navigationTiming.domContentLoadedMs)} / ${ms(r.navigationTiming.loadMs)}`,
    null,
  ]);
  return formatTable(
    'Staff console: built files (bytes, gzip -9) and first load of the home page after sign-in (Chromium, cache cleared, local stack)',
    ['file', 'bytes', 'gzip bytes'],
    rows,
  );
}

function scalingTable(rows: readonly ScalingRow[]): string {
  return formatTable(
    'Scaling: fraud scan and evaluation export',
    ['section', 'claims', 'seconds', 's per 100k', 'peak RSS MiB', 'note'],
    rows.map((r) => [
      r.section,
      r.claims,
      r.seconds === null ? null : round(r.seconds, 3),
      r.secondsPer100k === null ? null : round(r.secondsPer100k, 3),
      r.peakRssMiB === null ? null : round(r.peakRssMiB, 3),
      r.note,
    ]),
  );
}

const startedAt = new Date();
const results: Record<string, unknown> = {
  date: startedAt.toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    /** 1-minute load average when the run began and ended: other work on the machine skews the figures. */
    loadAverage: { start: round(loadavg()[0] ?? 0, 3), end: 0 },
  },
  options: { claims: CLAIMS, concurrency: CONCURRENCY, only: ONLY, coldstartRuns: RUNS, sizes: SIZES },
};
{
  const m = results.machine as { cores: number; cpu: string; memoryGiB: number; node: string };
  print(
    `${results.command} — ${startedAt.toISOString()}, ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ` +
      `Node ${m.node}, load average ${round(loadavg()[0] ?? 0, 3)}`,
  );
}

if (values.compare !== undefined) {
  const r = await runCompare({
    ref: values.compare,
    claims: CLAIMS,
    concurrency: CONCURRENCY,
    root: PROJECT_ROOT,
    log,
  });
  print(compareTable(r));
  results.compare = r;
} else if (ONLY.includes('e2e') || ONLY.includes('footprint')) {
  const r = await runEndToEnd({ claims: CLAIMS, concurrency: CONCURRENCY, log });
  if (ONLY.includes('e2e')) {
    print(e2eTable(r));
    const {
      footprint: _f,
      lambdaMedianMs: _l,
      dynamo: _d,
      httpRequestsByKind: _h,
      smsMessages: _s,
      ...e2e
    } = r;
    results.e2e = e2e;
  }
  if (ONLY.includes('footprint')) {
    for (const table of footprintTables(r)) print(table);
    results.footprint = {
      counted: r.footprint,
      lambdaMedianMs: r.lambdaMedianMs,
      dynamo: r.dynamo,
      httpRequestsByKind: r.httpRequestsByKind,
      smsMessages: r.smsMessages,
      costPer1000Claims: costPer1000Claims(r.footprint),
      prices: PRICES,
    };
  }
}
if (ONLY.includes('coldstart')) {
  const r = await runColdStart({ runs: RUNS, log });
  print(coldStartTable(r));
  const parts = bundlePartsTable(r);
  if (parts !== null) print(parts);
  results.coldstart = r;
}
if (ONLY.includes('scaling')) {
  const rows = await runScaling({ sizes: SIZES, log });
  print(scalingTable(rows));
  results.scaling = rows;
}

if (ONLY.includes('console')) {
  const r = await runConsoleBench({ runs: CONSOLE_RUNS, log });
  print(consoleTable(r));
  results.console = r;
}

(results.machine as { loadAverage: { end: number } }).loadAverage.end = round(loadavg()[0] ?? 0, 3);
results.seconds = round((Date.now() - startedAt.getTime()) / 1000, 4);
await writeFile(OUT, `${JSON.stringify(results, jsonRound, 2)}\n`);
log(`wrote ${OUT}`);

/** Figures in results.json to six significant digits. */
function jsonRound(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? round(value, 6) : value;
}
