/**
 * Builds the staff console (Vite) when its build is missing or older than its sources: `npm start` and the
 * tests call it, so a fresh clone needs no extra step. The build's fingerprint (a hash of the sources) is
 * kept beside it; an unchanged fingerprint means no build.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export const CONSOLE_SOURCE_DIR = join(import.meta.dirname, '..', '..', 'console');
export const CONSOLE_DIST_DIR = join(CONSOLE_SOURCE_DIR, 'dist');
const FINGERPRINT_FILE = '.source-hash';
/** Files outside `console/` that the console imports: they are part of its sources. */
export const CONSOLE_SHARED_SOURCES = [
  join(import.meta.dirname, '..', '..', 'functions', 'domain', 'programs', 'labels.ts'),
  join(import.meta.dirname, '..', '..', 'functions', 'domain', 'claim.ts'),
];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory())
        return entry.name === 'dist' || entry.name.startsWith('dist.') ? [] : sourceFiles(path);
      return [path];
    }),
  );
  return files.flat().sort();
}

/** A hash of every source file of the console (names and contents), with the shared ones it imports. */
export async function consoleFingerprint(
  sourceDir = CONSOLE_SOURCE_DIR,
  shared: readonly string[] = CONSOLE_SHARED_SOURCES,
): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...(await sourceFiles(sourceDir)), ...shared]) {
    hash.update(relative(sourceDir, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Builds the console into `outDir` (Vite, production mode). */
export async function buildConsole(outDir = CONSOLE_DIST_DIR): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(CONSOLE_SOURCE_DIR, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
}

/**
 * The console's built folder, built first when missing or stale. The build goes to a folder of its own
 * and is then moved into place, so a reader never sees half a build.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = () => undefined): Promise<string> {
  const fingerprint = await consoleFingerprint();
  const built = await readFile(join(CONSOLE_DIST_DIR, FINGERPRINT_FILE), 'utf8').catch(() => '');
  if (built === fingerprint) return CONSOLE_DIST_DIR;
  log(built === '' ? 'building the console' : 'the console changed: building it again');
  const staging = `${CONSOLE_DIST_DIR}.${process.pid}`;
  await buildConsole(staging);
  await writeFile(join(staging, FINGERPRINT_FILE), fingerprint);
  await rm(CONSOLE_DIST_DIR, { recursive: true, force: true });
  await rename(staging, CONSOLE_DIST_DIR);
  return CONSOLE_DIST_DIR;
}
