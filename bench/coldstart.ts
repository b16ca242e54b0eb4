/**
 * Cold start (bench section `coldstart`): each Lambda of infra/functions.ts bundled with esbuild as the
 * CDK stack bundles it (infra/constructs/claim-function.ts: ESM, node24, minified, names kept, the AWS
 * SDK inside), its size, and the time a fresh Node process takes to import the bundle (median of
 * several processes). The import is what a Lambda cold start adds to the runtime's own start.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTIONS, type FunctionId } from '../infra/functions.ts';
import { PROJECT_ROOT } from '../infra/local/handlers.ts';
import { bundleParts } from './lib/bundle-parts.ts';
import { median } from './lib/stats.ts';

/** The banner of infra/constructs/claim-function.ts (a real `require` for CommonJS parts of the SDK). */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

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
  readonly bundleBytes: number;
  readonly gzipBytes: number;
  /** Median wall-clock time of the import. */
  readonly importMs: number;
  /** Median CPU time of the import. */
  readonly importCpuMs: number;
  readonly runs: number;
  /** The bundle's bytes by npm package (and the project's own code), the largest first. */
  readonly parts: { part: string; bytes: number }[];
}

export interface ColdStartResult {
  readonly rows: ColdStartRow[];
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

async function medianImport(url: string, runs: number): Promise<ImportTime> {
  const samples: ImportTime[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeImport(url));
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

export async function runColdStart(opts: {
  runs: number;
  log: (line: string) => void;
}): Promise<ColdStartResult> {
  const dir = await mkdtemp(join(tmpdir(), 'claims-bundles-'));
  try {
    const empty = join(dir, 'empty.mjs');
    await build({ stdin: { contents: 'export {};' }, outfile: empty, format: 'esm', logLevel: 'silent' });
    const emptyImport = await medianImport(pathToFileURL(empty).href, opts.runs);
    const rows: ColdStartRow[] = [];
    for (const functionId of Object.keys(FUNCTIONS) as FunctionId[]) {
      const outfile = join(dir, functionId, 'index.mjs');
      const { metafile } = await build({
        entryPoints: [join(PROJECT_ROOT, FUNCTIONS[functionId].entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: { js: ESM_REQUIRE_BANNER },
        minify: true,
        keepNames: true,
        sourcemap: true,
        sourcesContent: false,
        external: [],
        logLevel: 'silent',
        metafile: true,
      });
      const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
      const bundleBytes = (await stat(outfile)).size;
      const gzipBytes = gzipSync(await readFile(outfile)).byteLength;
      const { wallMs, cpuMs } = await medianImport(pathToFileURL(outfile).href, opts.runs);
      rows.push({
        functionId,
        bundleBytes,
        gzipBytes,
        importMs: wallMs,
        importCpuMs: cpuMs,
        runs: opts.runs,
        parts: bundleParts(output?.inputs ?? {}),
      });
      opts.log(`coldstart: ${functionId} ${(bundleBytes / 1024).toFixed(0)} KiB, ${wallMs.toFixed(1)} ms`);
    }
    return { rows, emptyImportMs: emptyImport.wallMs, emptyImportCpuMs: emptyImport.cpuMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
