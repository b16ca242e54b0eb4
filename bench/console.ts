/**
 * The staff console's weight and first load: the built files' bytes (raw and gzipped, as CloudFront
 * compresses them), and Debian Chromium's navigation to the home page after sign-in on the local stack, with
 * the browser cache cleared before each run (median of `runs`).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CONSOLE_DIST_DIR, ensureConsoleBuilt } from '../infra/local/console-build.ts';
import { startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/free-port.ts';
import { startRuntime } from '../infra/local/runtime.ts';
import { median } from './lib/stats.ts';

/** Debian's Chromium (test/support/browser.ts uses the same). */
const CHROMIUM_PATH = '/usr/bin/chromium';

export interface ConsoleBenchResult {
  readonly files: { readonly file: string; readonly bytes: number; readonly gzipBytes: number }[];
  readonly totalBytes: number;
  readonly totalGzipBytes: number;
  readonly firstLoadMs: { readonly runs: number[]; readonly median: number };
  /** The browser's own figures of the median run: DOMContentLoaded and load, ms from navigation start. */
  readonly navigationTiming: { readonly domContentLoadedMs: number; readonly loadMs: number };
}

async function builtFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function runConsoleBench(opts: {
  runs: number;
  log: (line: string) => void;
}): Promise<ConsoleBenchResult> {
  const { log } = opts;
  const dist = await ensureConsoleBuilt(log);
  const files = await Promise.all(
    (await builtFiles(dist)).map(async (file) => {
      const bytes = await readFile(file);
      return {
        file: relative(CONSOLE_DIST_DIR, file),
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
      };
    }),
  );

  const dataDir = await mkdtemp(join(tmpdir(), 'claims-bench-console-'));
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  const runtime = await startRuntime({
    dataDir,
    host: '127.0.0.1',
    apiPort: 0,
    sfnPort: 0,
    dynamoPort: 0,
    dynamoEndpoint: dynamo.endpoint,
    tablePrefix: 'bench-console-',
    demoData: false,
    log: () => undefined,
    echoOutbox: false,
    consoleDir: dist,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    timeout: 240_000,
  });
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    ).newPage();
    page.setDefaultTimeout(90_000);
    // Sign in once (the local /authorize page), as a member of staff would in the morning.
    await page.goto(`${runtime.apiUrl}/console/`);
    await page.waitForURL(/\/local-idp\/authorize\?/);
    await page.locator('input[name="identity"][value="admin"]').check();
    await Promise.all([page.waitForURL(/\/console\/$/), page.locator('button[type="submit"]').click()]);
    await page.locator('main h1').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');

    const runs: number[] = [];
    const timings: { domContentLoadedMs: number; loadMs: number }[] = [];
    for (let i = 0; i < opts.runs; i++) {
      await cdp.send('Network.clearBrowserCache');
      const started = performance.now();
      await page.goto(`${runtime.apiUrl}/console/`);
      await page.locator('main h1', { hasText: '欢迎' }).waitFor();
      runs.push(performance.now() - started);
      timings.push(
        (await page.evaluate(
          `(() => { const n = performance.getEntriesByType('navigation')[0]; return { domContentLoadedMs: n.domContentLoadedEventEnd, loadMs: n.loadEventEnd }; })()`,
        )) as { domContentLoadedMs: number; loadMs: number },
      );
      log(`console: first load ${Math.round(runs.at(-1) ?? 0)} ms`);
    }
    const mid = median(runs);
    const nearest = runs.reduce(
      (best, v, i) => (Math.abs(v - mid) < Math.abs((runs[best] ?? 0) - mid) ? i : best),
      0,
    );
    return {
      files,
      totalBytes: files.reduce((s, f) => s + f.bytes, 0),
      totalGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
      firstLoadMs: { runs, median: mid },
      navigationTiming: timings[nearest] ?? { domContentLoadedMs: Number.NaN, loadMs: Number.NaN },
    };
  } finally {
    await browser.close();
    await runtime.stop();
    await dynamo.stop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
