import { access, constants, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, which the test set-up (`.ci/run`) installs where it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where browser tests keep their screenshots (gitignored; kept by CI as artifacts). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', '..', 'test-artifacts');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium under Playwright, with a fresh profile. Fails (never skips) when Chromium is not
 * installed, saying how to install it.
 */
export async function launchChromium(): Promise<Browser> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it: run \`apt-get install -y chromium\` (as root), then run the tests again`,
    );
  }
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const userDataDir = await mkdtemp(join(tmpdir(), 'claims-chromium-'));
  // A persistent context is how Playwright takes a profile folder (it refuses --user-data-dir in args).
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 390, height: 844 },
    // A Chinese approver's browser: the page follows Accept-Language.
    locale: 'zh-CN',
    // Starting Chromium on a loaded machine can take minutes.
    timeout: 240_000,
  });
  // Playwright's 30 s for an action or a navigation is a race on a loaded machine: a safety net instead.
  context.setDefaultTimeout(90_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
