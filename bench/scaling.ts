/**
 * Scaling (bench section `scaling`): the fraud scan and the evaluation export at growing numbers of
 * claims, each size in its own process (`node --import tsx bench/<script>.ts --claims N`; the export
 * also `--members N`, as many members as claims, so all of its input grows with N). Each script prints
 * its figures as the last line of its output:
 * `{"section":"fraud-scan","claims":N,"seconds":..,"peakRssMiB":..}`.
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/local/handlers.ts';

export const SCALING_SCRIPTS = [
  { section: 'fraud-scan', script: 'bench/fraud-scan.ts', members: false },
  { section: 'export', script: 'bench/export.ts', members: true },
] as const;

export interface ScalingRow {
  readonly section: string;
  readonly claims: number;
  /** null when the script is not there or failed (`note` says which). */
  readonly seconds: number | null;
  readonly peakRssMiB: number | null;
  /** Seconds per 100,000 claims: flat when the time grows linearly. */
  readonly secondsPer100k: number | null;
  readonly note: string;
}

/** The figures of a script's last output line, or null when it is not the expected JSON object. */
export function parseLastLine(
  stdout: string,
  section: string,
): { seconds: number; peakRssMiB: number; claims: number } | null {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as Record<string, unknown>;
    const { seconds, peakRssMiB, claims } = parsed;
    if (parsed.section !== section || typeof seconds !== 'number' || typeof peakRssMiB !== 'number')
      return null;
    return { seconds, peakRssMiB, claims: typeof claims === 'number' ? claims : Number.NaN };
  } catch {
    return null;
  }
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function runScaling(opts: {
  sizes: readonly number[];
  log: (line: string) => void;
}): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  for (const { section, script, members } of SCALING_SCRIPTS) {
    const present = await access(join(PROJECT_ROOT, script)).then(
      () => true,
      () => false,
    );
    for (const claims of opts.sizes) {
      if (!present) {
        rows.push(missing(section, claims, 'not available'));
        continue;
      }
      opts.log(`scaling: ${section} at ${claims} claims`);
      const args = [script, '--claims', String(claims)];
      if (members) args.push('--members', String(claims));
      const { code, stdout, stderr } = await run(args);
      const figures = parseLastLine(stdout, section);
      if (code !== 0 || figures === null) {
        opts.log(
          `scaling: ${script} --claims ${claims} failed (${code}): ${stderr.trim().split('\n').at(-1)}`,
        );
        rows.push(missing(section, claims, `failed (exit ${code})`));
        continue;
      }
      rows.push({
        section,
        claims,
        seconds: figures.seconds,
        peakRssMiB: figures.peakRssMiB,
        secondsPer100k: (figures.seconds / claims) * 100_000,
        note: '',
      });
    }
  }
  return rows;
}

function missing(section: string, claims: number, note: string): ScalingRow {
  return { section, claims, seconds: null, peakRssMiB: null, secondsPer100k: null, note };
}
