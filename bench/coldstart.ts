/**
 * Cold start (bench section `coldstart`): each Lambda of infra/functions.ts built by the function the CDK
 * stack builds its assets with (buildLambda of infra/lambda-bundling.ts: the handler's module and the chunks
 * it loads with `import()`), its size (what a fresh import loads at start, and the whole asset), and the CPU
 * time a fresh Node process takes to import the handler's module (median of several processes). The import is what a
 * Lambda cold start adds to the runtime's own start. Each function is compared with a reference built and
 * timed in the same run: a handler that only builds a `DynamoDBClient`, bundled the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTIONS, type FunctionId } from '../infra/functions.ts';
import { buildLambda, LAMBDA_ENTRY_FILE } from '../infra/lambda-bundling.ts';
import { PROJECT_ROOT } from '../infra/local/handlers.ts';
import { bundleParts } from './lib/bundle-parts.ts';
import { median } from './lib/stats.ts';

/**
 * The target: a function's import CPU time at most this share of the reference's, its bundle at most
 * MAX_BUNDLE_KIB, read against the bytes a cold start loads (the handler's module and its static imports;
 * the chunks loaded by `import()` on first use are in the asset but not parsed at import). The whole
 * asset's size is reported beside it.
 */
export const MAX_CPU_RATIO = 0.6;
export const MAX_BUNDLE_KIB = 350;

/** The reference handler: it builds a DynamoDB client at module scope, as a handler does, and nothing else. */
const REFERENCE_SOURCE = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export const handler = async () => client.config.serviceId;',
].join('\n');

/**
 * Imports the bundle named by BUNDLE_URL and prints the milliseconds it took, wall clock and CPU (user +
 * system: what the import itself costs, whatever else the machine is doing).
 */
const IMPORT_TIMER = [
  'const c = process.cpuUsage(); const t = performance.now();',
  'await import(process.env.BUNDLE_URL);',
  'const w = performance.now() - t; const u = process.cpuUsage(c);',
  'console.log(JSON.stringify({ wallMs: w, cpuMs: (u.user + u.system) / 1000 }));',
].join(' ');

/** What the stack gives every function, with placeholder values: enough for a handler module to load. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  CLAIMS_TABLE: 'claims',
  REGISTRY_TABLE: 'registry',
};

export interface ColdStartRow {
  readonly functionId: FunctionId;
  /** The bytes a fresh import loads at start: the handler's module and its static imports (the target's measure). */
  readonly bundleBytes: number;
  /** Those bytes gzipped. */
  readonly gzipBytes: number;
  /** Every code file of the asset, the chunks loaded on first use included (source maps not counted). */
  readonly assetBytes: number;
  /** How many files a fresh import loads at start. */
  readonly startFiles: number;
  /** Median wall-clock time of the import. */
  readonly importMs: number;
  /** Median CPU time of the import. */
  readonly importCpuMs: number;
  /** importCpuMs ÷ the reference's. */
  readonly cpuRatio: number;
  /** importCpuMs ÷ that of the reference bundled with the SDK's default credential chain (the stack's bundling before it was trimmed). */
  readonly cpuRatioDefaultChain: number;
  /** Whether the ratio is at most MAX_CPU_RATIO and the bytes loaded at start at most MAX_BUNDLE_KIB. */
  readonly meetsTarget: boolean;
  readonly runs: number;
  /** The bundle's bytes by npm package (and the project's own code), the largest first. */
  readonly parts: { part: string; bytes: number }[];
}

export interface ColdStartReference {
  readonly bundleBytes: number;
  readonly gzipBytes: number;
  readonly assetBytes: number;
  readonly importMs: number;
  readonly importCpuMs: number;
  /** Timed before and after the functions (runs each time), so a change of load in between counts in both. */
  readonly runs: number;
  readonly parts: { part: string; bytes: number }[];
}

export interface ColdStartResult {
  readonly rows: ColdStartRow[];
  /** The minimal DynamoDB handler, bundled as the functions are and timed in the same run: the target's measure. */
  readonly reference: ColdStartReference;
  /** The same handler bundled with the SDK's default credential chain (no alias), for comparison. */
  readonly defaultChainReference: ColdStartReference;
  /** Median time of a fresh Node process to import an empty module, for comparison. */
  readonly emptyImportMs: number;
  readonly emptyImportCpuMs: number;
}

interface ImportTime {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function timeImport(url: string): Promise<ImportTime> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER], {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV, BUNDLE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as ImportTime);
      } catch (error) {
        reject(new Error(`import of ${url} failed (${(error as Error).message}): ${err}`));
      }
    });
  });
}

async function importSamples(url: string, runs: number): Promise<ImportTime[]> {
  const samples: ImportTime[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeImport(url));
  return samples;
}

function medianOf(samples: readonly ImportTime[]): ImportTime {
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

interface Bundle {
  readonly url: string;
  /** Bytes loaded at start (the entry and its static imports), and gzipped. */
  readonly bundleBytes: number;
  readonly gzipBytes: number;
  readonly assetBytes: number;
  readonly startFiles: number;
  /** What the start files hold, by package. */
  readonly parts: { part: string; bytes: number }[];
}

/** Builds `entry` (a module path, or the source of one resolved in the project) into `outdir` as the stack does. */
async function bundle(
  entry: string | { source: string },
  outdir: string,
  opts: { defaultChain?: boolean } = {},
): Promise<Bundle> {
  const built = buildLambda(entry, outdir, PROJECT_ROOT, opts.defaultChain === true ? { alias: {} } : {});
  const start = await Promise.all(built.startFiles.map((file) => readFile(join(outdir, file))));
  const inputs: Record<string, { bytesInOutput: number }> = {};
  for (const [output, meta] of Object.entries(built.metafile.outputs)) {
    if (!built.startFiles.some((file) => join(PROJECT_ROOT, output) === join(outdir, file))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
      inputs[input] = { bytesInOutput: (inputs[input]?.bytesInOutput ?? 0) + bytesInOutput };
    }
  }
  return {
    url: pathToFileURL(join(outdir, LAMBDA_ENTRY_FILE)).href,
    bundleBytes: built.startBytes,
    gzipBytes: gzipSync(Buffer.concat(start)).byteLength,
    assetBytes: built.totalBytes,
    startFiles: built.startFiles.length,
    parts: bundleParts(inputs),
  };
}

export async function runColdStart(opts: {
  runs: number;
  log: (line: string) => void;
}): Promise<ColdStartResult> {
  const dir = await mkdtemp(join(tmpdir(), 'claims-bundles-'));
  try {
    const empty = join(dir, 'empty.mjs');
    await build({ stdin: { contents: 'export {};' }, outfile: empty, format: 'esm', logLevel: 'silent' });
    const emptyImport = medianOf(await importSamples(pathToFileURL(empty).href, opts.runs));
    const reference = await bundle({ source: REFERENCE_SOURCE }, join(dir, 'reference'));
    const defaultChain = await bundle({ source: REFERENCE_SOURCE }, join(dir, 'reference-default-chain'), {
      defaultChain: true,
    });
    const referenceSamples = await importSamples(reference.url, opts.runs);
    const defaultChainSamples = await importSamples(defaultChain.url, opts.runs);
    const firstReference = medianOf(referenceSamples);
    opts.log(
      `coldstart: reference ${(reference.bundleBytes / 1024).toFixed(0)} KiB, ${firstReference.cpuMs.toFixed(1)} ms CPU`,
    );
    const measured: Omit<ColdStartRow, 'cpuRatio' | 'cpuRatioDefaultChain' | 'meetsTarget'>[] = [];
    for (const functionId of Object.keys(FUNCTIONS) as FunctionId[]) {
      const built = await bundle(join(PROJECT_ROOT, FUNCTIONS[functionId].entry), join(dir, functionId));
      const { wallMs, cpuMs } = medianOf(await importSamples(built.url, opts.runs));
      measured.push({
        functionId,
        bundleBytes: built.bundleBytes,
        gzipBytes: built.gzipBytes,
        assetBytes: built.assetBytes,
        startFiles: built.startFiles,
        importMs: wallMs,
        importCpuMs: cpuMs,
        runs: opts.runs,
        parts: built.parts,
      });
      opts.log(
        `coldstart: ${functionId} ${(built.bundleBytes / 1024).toFixed(0)} KiB at start ` +
          `(${built.startFiles} files; asset ${(built.assetBytes / 1024).toFixed(0)} KiB), ${cpuMs.toFixed(1)} ms CPU ` +
          `(${(cpuMs / firstReference.cpuMs).toFixed(2)} × reference)`,
      );
    }
    referenceSamples.push(...(await importSamples(reference.url, opts.runs)));
    defaultChainSamples.push(...(await importSamples(defaultChain.url, opts.runs)));
    const referenceImport = medianOf(referenceSamples);
    const defaultChainImport = medianOf(defaultChainSamples);
    const rows = measured.map((row): ColdStartRow => {
      const cpuRatio = row.importCpuMs / referenceImport.cpuMs;
      return {
        ...row,
        cpuRatio,
        cpuRatioDefaultChain: row.importCpuMs / defaultChainImport.cpuMs,
        meetsTarget: cpuRatio <= MAX_CPU_RATIO && row.bundleBytes <= MAX_BUNDLE_KIB * 1024,
      };
    });
    return {
      rows,
      reference: {
        bundleBytes: reference.bundleBytes,
        gzipBytes: reference.gzipBytes,
        assetBytes: reference.assetBytes,
        importMs: referenceImport.wallMs,
        importCpuMs: referenceImport.cpuMs,
        runs: referenceSamples.length,
        parts: reference.parts,
      },
      defaultChainReference: {
        bundleBytes: defaultChain.bundleBytes,
        gzipBytes: defaultChain.gzipBytes,
        assetBytes: defaultChain.assetBytes,
        importMs: defaultChainImport.wallMs,
        importCpuMs: defaultChainImport.cpuMs,
        runs: defaultChainSamples.length,
        parts: defaultChain.parts,
      },
      emptyImportMs: emptyImport.wallMs,
      emptyImportCpuMs: emptyImport.cpuMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
