/**
 * `npm run bench -- --compare <git ref>`: the same end-to-end run (sections `e2e` and `footprint`, same
 * claims and concurrency) on that ref and on the working tree, one after the other in one invocation, and
 * both side by side with their ratio.
 *
 * The ref is checked out in a temporary git worktree (detached), with the working tree's node_modules
 * linked in when both package-lock.json files are the same (else `npm ci` there). Each side runs its own
 * `bench/run.ts --only e2e,footprint --out <json>` in a fresh Node process, so the comparison reads only
 * the results JSON and never the old code's internals; a figure a side does not write shows as "—". The
 * worktree is removed afterwards, also when a side fails or the run is interrupted.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { round } from './lib/stats.ts';
import { type Cell, formatTable } from './lib/table.ts';

export interface CompareOptions {
  readonly ref: string;
  readonly claims: number;
  readonly concurrency: number;
  /** The working tree (the project root). */
  readonly root: string;
  readonly log: (line: string) => void;
}

/** The 1-, 5- and 15-minute load averages. */
export type Load = readonly [number, number, number];

export interface CompareSide {
  readonly label: string;
  readonly commit: string;
  /** The working tree had uncommitted changes to tracked files. */
  readonly dirty?: boolean;
  readonly loadBefore: Load;
  readonly loadAfter: Load;
  /** The side's bench/results JSON as it wrote it. */
  readonly results: unknown;
}

export interface CompareResult {
  readonly machine: { cores: number; cpu: string; memoryGiB: number };
  readonly ref: CompareSide;
  readonly head: CompareSide;
  readonly rows: readonly CompareRow[];
}

export interface CompareRow {
  readonly figure: string;
  readonly ref: number | null;
  readonly head: number | null;
  /** head ÷ ref. */
  readonly ratio: number | null;
}

const load = (): Load => {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [round(one, 3), round(five, 3), round(fifteen, 3)];
};

/** Runs a command; rejects with its output's tail when it exits other than 0. */
function run(
  command: string,
  args: readonly string[],
  opts: { cwd: string; log?: (line: string) => void; prefix?: string; env?: NodeJS.ProcessEnv },
  children: Set<ReturnType<typeof spawn>>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    children.add(child);
    let out = '';
    let tail = '';
    const relay = (chunk: Buffer, keep: boolean) => {
      const text = chunk.toString('utf8');
      if (keep) out += text;
      tail = (tail + text).slice(-4000);
      if (opts.log)
        for (const line of text.split('\n')) if (line !== '') opts.log(`${opts.prefix ?? ''}${line}`);
    };
    child.stdout.on('data', (c: Buffer) => relay(c, true));
    child.stderr.on('data', (c: Buffer) => relay(c, false));
    child.on('error', (error) => {
      children.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${signal ?? code}:\n${tail}`));
    });
  });
}

/** A number at a path of a results JSON, or null when that side does not write it. */
function at(results: unknown, path: string): number | null {
  let value: unknown = results;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const sum = (values: readonly (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);

function list(results: unknown, path: string): unknown[] | null {
  let value: unknown = results;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return Array.isArray(value) ? value : null;
}

function record(results: unknown, path: string): Record<string, unknown> | null {
  let value: unknown = results;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

const WRITE_COMMANDS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];

/** The figures of the e2e and footprint tables, from one side's results JSON (null where it has none). */
export function figures(results: unknown): { figure: string; value: number | null }[] {
  const claims = at(results, 'footprint.counted.claims') ?? at(results, 'e2e.claims');
  const per = (n: number | null) => (n === null || claims === null || claims === 0 ? null : n / claims);
  const lambdas = list(results, 'footprint.counted.lambda');
  const invocations = lambdas === null ? null : sum(lambdas.map((l) => at(l, 'invocations')));
  const requests = record(results, 'footprint.dynamo.requests');
  const allRequests = requests === null ? null : sum(Object.keys(requests).map((c) => at(requests, c)));
  const writeRequests =
    requests === null ? null : WRITE_COMMANDS.reduce((s, c) => s + (at(requests, c) ?? 0), 0);
  const costLines = list(results, 'footprint.costPer1000Claims.lines');
  const smsLine = costLines?.find(
    (l) =>
      typeof (l as { item?: unknown }).item === 'string' &&
      (l as { item: string }).item.startsWith('SNS SMS'),
  );
  const totalUsd = at(results, 'footprint.costPer1000Claims.totalUsd');
  const smsUsd = costLines === null ? null : smsLine === undefined ? 0 : at(smsLine, 'usd');
  const rows: [string, number | null][] = [
    ['claims', at(results, 'e2e.claims')],
    ['concurrency', at(results, 'e2e.concurrency')],
    ['wall time, s', at(results, 'e2e.seconds')],
    ['claims per second', at(results, 'e2e.claimsPerSecond')],
    ['submit latency p50, ms', at(results, 'e2e.submitMs.p50')],
    ['submit latency p95, ms', at(results, 'e2e.submitMs.p95')],
    ['submit latency p99, ms', at(results, 'e2e.submitMs.p99')],
    ['submit → PAID p50, ms', at(results, 'e2e.submitToPaidMs.p50')],
    ['submit → PAID p95, ms', at(results, 'e2e.submitToPaidMs.p95')],
    ['submit → PAID p99, ms', at(results, 'e2e.submitToPaidMs.p99')],
    ['one DynamoDB Local write (median), ms', at(results, 'e2e.floor.singleWriteMs')],
    ['write requests per claim', at(results, 'e2e.floor.writeRequestsPerClaim')],
    ['floor per claim (writes × one write), ms', at(results, 'e2e.floor.floorMsPerClaim')],
    ['wall per claim ÷ (writes per claim × one write)', at(results, 'e2e.floor.throughputRatio')],
    ['submit → PAID p50 ÷ floor', at(results, 'e2e.floor.latencyRatio')],
    ['CPU per claim, Node process, ms', at(results, 'e2e.cpuMsPerClaim.node')],
    ['CPU per claim, DynamoDB Local, ms', at(results, 'e2e.cpuMsPerClaim.dynamoLocal')],
    ['state transitions per claim', per(at(results, 'footprint.counted.stateTransitions'))],
    ['Lambda invocations per claim', per(invocations)],
    ['DynamoDB requests per claim', per(allRequests)],
    [
      'DynamoDB reads per claim',
      allRequests === null || writeRequests === null ? null : per(allRequests - writeRequests),
    ],
    ['DynamoDB writes per claim', per(writeRequests)],
    ['DynamoDB read request units per claim', per(at(results, 'footprint.counted.readUnits'))],
    ['DynamoDB write request units per claim', per(at(results, 'footprint.counted.writeUnits'))],
    ['HTTP API requests per claim', per(at(results, 'footprint.counted.httpRequests'))],
    ['e-mails per claim', per(at(results, 'footprint.counted.emails'))],
    ['SMS per claim', per(at(results, 'footprint.smsMessages'))],
    ['SMS billed parts per claim', per(at(results, 'footprint.counted.smsParts'))],
    ['USD per 1,000 claims', totalUsd],
    ['USD per 1,000 claims without SMS', totalUsd === null || smsUsd === null ? null : totalUsd - smsUsd],
  ];
  return rows.map(([figure, value]) => ({ figure, value }));
}

/** The two sides' figures beside each other, with head ÷ ref. */
export function compareRows(ref: unknown, head: unknown): CompareRow[] {
  const before = figures(ref);
  const after = figures(head);
  return before.map(({ figure, value }, i) => {
    const other = after[i]?.value ?? null;
    return {
      figure,
      ref: value,
      head: other,
      ratio: value === null || other === null || value === 0 ? null : other / value,
    };
  });
}

export function compareTable(r: CompareResult): string {
  const loadText = (s: CompareSide) => `${s.loadBefore.join(' ')} before, ${s.loadAfter.join(' ')} after`;
  const rows: Cell[][] = r.rows.map((row) => [
    row.figure,
    row.ref === null ? null : round(row.ref, 4),
    row.head === null ? null : round(row.head, 4),
    row.ratio === null ? null : round(row.ratio, 3),
  ]);
  return [
    formatTable(
      `End to end: ${r.ref.label} (${r.ref.commit.slice(0, 10)}) against the working tree (${r.head.commit.slice(0, 10)}${r.head.dirty === true ? ' with uncommitted changes' : ''})`,
      ['figure', r.ref.label, 'working tree', 'ratio'],
      rows,
    ),
    [
      `Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB.`,
      `Load average (1, 5, 15 min): ${r.ref.label}: ${loadText(r.ref)}; working tree: ${loadText(r.head)}.`,
      'Ratio: working tree ÷ ref ("—" where a side does not write the figure).',
    ].join('\n'),
  ].join('\n\n');
}

/** Runs the comparison. The temporary worktree is removed whatever happens, also on SIGINT/SIGTERM. */
export async function runCompare(opts: CompareOptions): Promise<CompareResult> {
  const { root, log } = opts;
  const children = new Set<ReturnType<typeof spawn>>();
  const git = (...args: string[]) => run('git', args, { cwd: root }, children).then((s) => s.trim());
  const commit = await git('rev-parse', '--verify', `${opts.ref}^{commit}`);
  const headCommit = await git('rev-parse', 'HEAD');
  const dirty = (await git('status', '--porcelain', '--untracked-files=no')) !== '';
  const scratch = await mkdtemp(join(tmpdir(), 'claims-bench-compare-'));
  const worktree = join(scratch, 'ref');
  let added = false;
  let cleaned: Promise<void> | undefined;
  const cleanup = () => {
    cleaned ??= (async () => {
      for (const child of children) child.kill('SIGTERM');
      if (added) {
        await run('git', ['worktree', 'remove', '--force', worktree], { cwd: root }, new Set()).catch(
          (e: unknown) => log(`compare: removing the worktree: ${(e as Error).message}`),
        );
        await run('git', ['worktree', 'prune'], { cwd: root }, new Set()).catch(() => undefined);
      }
      await rm(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })();
    return cleaned;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`compare: ${signal}, removing the worktree`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(`compare: ${opts.ref} is ${commit}; checking it out in a temporary worktree`);
    await git('worktree', 'add', '--detach', worktree, commit);
    added = true;
    const lock = (dir: string) => readFile(join(dir, 'package-lock.json'), 'utf8').catch(() => null);
    const [refLock, headLock] = await Promise.all([lock(worktree), lock(root)]);
    if (refLock !== null && refLock === headLock && existsSync(join(root, 'node_modules'))) {
      await symlink(join(root, 'node_modules'), join(worktree, 'node_modules'), 'dir');
      log('compare: same package-lock.json, node_modules linked');
    } else {
      log('compare: package-lock.json differs, npm ci in the worktree');
      await run(
        'npm',
        ['ci', '--no-audit', '--no-fund'],
        { cwd: worktree, log, prefix: '[npm ci] ' },
        children,
      );
    }

    const side = async (label: string, cwd: string, sideCommit: string): Promise<CompareSide> => {
      const out = join(scratch, `${label.replace(/[^\w.-]/g, '_')}.json`);
      const loadBefore = load();
      log(
        `compare: ${label}: load average ${loadBefore.join(' ')}; ${opts.claims} claims at concurrency ${opts.concurrency}`,
      );
      const args = [
        '--import',
        'tsx',
        join(cwd, 'bench', 'run.ts'),
        '--only',
        'e2e,footprint',
        '--claims',
        String(opts.claims),
        '--concurrency',
        String(opts.concurrency),
        '--out',
        out,
      ];
      // tsx keeps what it compiled on disk keyed by each file's path: the working tree would find its
      // modules compiled by earlier runs, while the ref's new worktree compiles the modules its handlers
      // load on first use inside the measured run. Both sides compile in memory instead, the same way.
      const env = { ...process.env, TSX_DISABLE_CACHE: '1' };
      await run(process.execPath, args, { cwd, log, prefix: `[${label}] `, env }, children);
      const loadAfter = load();
      log(`compare: ${label}: done, load average ${loadAfter.join(' ')}`);
      return {
        label,
        commit: sideCommit,
        loadBefore,
        loadAfter,
        results: JSON.parse(await readFile(out, 'utf8')),
      };
    };
    const ref = await side(opts.ref, worktree, commit);
    const head = { ...(await side('working tree', root, headCommit)), dirty };
    return {
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(totalmem() / 2 ** 30, 3),
      },
      ref,
      head,
      rows: compareRows(ref.results, head.results),
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
