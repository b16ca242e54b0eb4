import { createHash, type KeyObject } from 'node:crypto';
import { beijingDate, beijingYear } from '../domain/calendar.ts';
import type { Actor } from '../domain/claim.ts';
import { Forbidden, Incomplete, Invalid, NotFound } from '../domain/errors.ts';
import { evaluationCsv } from '../domain/evaluation/csv.ts';
import { evaluationHtml } from '../domain/evaluation/html-report.ts';
import { evaluationJsonl } from '../domain/evaluation/jsonl.ts';
import {
  type ExportManifest,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  type ManifestFile,
  signManifest,
} from '../domain/evaluation/manifest.ts';
import { type ExportPeriod, isValidPeriod, periodLabel } from '../domain/evaluation/period.ts';
import { pseudonymiser } from '../domain/evaluation/pseudonym.ts';
import { type EvaluationPartial, EvaluationReducer } from '../domain/evaluation/reducer.ts';
import type { CoverageTargets } from '../domain/evaluation/targets.ts';
import type { Identity } from '../domain/identity.ts';
import { newClaimId } from '../domain/ids.ts';
import type {
  ExportFiles,
  ExportJob,
  ExportJobs,
  ExportRunner,
  ScanTable,
  TableScanner,
} from '../ports/exports.ts';
import { ExportRequest } from '../schemas/exports.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { actorOf } from './access.ts';
import { scanInto } from './evaluation-scan.ts';

export interface ExportDeps {
  readonly jobs: ExportJobs;
  readonly files: ExportFiles;
  readonly scanner: TableScanner;
  readonly runner: ExportRunner;
  /** The Ed25519 key that signs manifests. */
  readonly signingKey: () => KeyObject | Promise<KeyObject>;
  readonly now: () => Date;
  /** Parallel scan segments per table (default 4). */
  readonly segments?: number;
  /** How long download links live (default 15 minutes). */
  readonly linkTtlSeconds?: number;
  readonly targets?: CoverageTargets;
  /** After each page scanned: the table and the items read from it so far (the command line shows it). */
  readonly onProgress?: (progress: { readonly table: ScanTable; readonly items: number }) => void;
}

const EXPORT_ID = /^E[0-9A-Z]{26}$/;

function requireReader(identity: Identity): void {
  if (!identity.roles.includes('auditor') && !identity.roles.includes('admin'))
    throw new Forbidden('evaluation exports are for auditors and admins');
}

function actorOfReader(identity: Identity): Actor {
  return identity.roles.includes('admin') ? actorOf(identity) : { kind: 'auditor', id: identity.subject };
}

/** Names of the three files of an export of a period. */
export function exportFileNames(period: ExportPeriod) {
  const base = `evaluation-${periodLabel(period)}`;
  return { csv: `${base}.csv`, jsonl: `${base}.jsonl`, html: `${base}.html` };
}

async function createJob(deps: ExportDeps, period: ExportPeriod, requestedBy: Actor): Promise<ExportJob> {
  const now = deps.now();
  const job: ExportJob = {
    exportId: `E${newClaimId(now).slice(1)}`,
    period,
    requestedBy,
    requestedAt: now.toISOString(),
    status: 'RUNNING',
  };
  await deps.jobs.create(job);
  return job;
}

/** POST /exports {year, month?}: records the job and starts the worker; the export runs on its own. */
export async function requestExport(
  deps: ExportDeps,
  request: { identity: Identity; body: unknown },
): Promise<{ exportId: string; status: string; statusUrl: string }> {
  requireReader(request.identity);
  const parsed = ExportRequest.safeParse(request.body);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const period: ExportPeriod = parsed.data.month === undefined ? { year: parsed.data.year } : parsed.data;
  const today = beijingDate(deps.now());
  if (`${periodLabel(period)}` > today.slice(0, period.month === undefined ? 4 : 7)) {
    throw new Invalid([
      { field: period.month === undefined ? 'year' : 'month', message: 'is in the future' },
    ]);
  }
  const job = await createJob(deps, period, actorOfReader(request.identity));
  try {
    await deps.runner.start(job.exportId);
  } catch (error) {
    // No job stays RUNNING without a worker.
    await deps.jobs.finish(job.exportId, {
      status: 'FAILED',
      finishedAt: deps.now().toISOString(),
      error: `the worker did not start: ${(error as Error).message}`,
    });
    throw error;
  }
  return { exportId: job.exportId, status: job.status, statusUrl: `/exports/${job.exportId}` };
}

/** GET /exports: the newest exports first. */
export async function listExports(deps: ExportDeps, identity: Identity): Promise<{ exports: ExportJob[] }> {
  requireReader(identity);
  return { exports: await deps.jobs.list(100) };
}

/** GET /exports/{exportId}: the job, its manifest and a download link per file once it is done. */
export async function getExport(
  deps: ExportDeps,
  request: { identity: Identity; exportId: string },
): Promise<ExportJob & { manifest?: ExportManifest; downloads?: Record<string, string> }> {
  requireReader(request.identity);
  if (!EXPORT_ID.test(request.exportId)) throw new NotFound(`no export ${request.exportId}`);
  const job = await deps.jobs.get(request.exportId);
  if (job === null) throw new NotFound(`no export ${request.exportId}`);
  if (job.status !== 'DONE') return job;
  const manifestBytes = await deps.files.read(job.exportId, MANIFEST_NAME);
  if (manifestBytes === null)
    throw new Incomplete('the manifest is missing', { title: 'Export incomplete', expose: true });
  const ttl = deps.linkTtlSeconds ?? 900;
  const downloads: Record<string, string> = {};
  for (const name of [...(job.files ?? []).map((f) => f.name), MANIFEST_NAME])
    downloads[name] = await deps.files.downloadUrl(job.exportId, name, ttl);
  return { ...job, manifest: JSON.parse(manifestBytes.toString('utf8')) as ExportManifest, downloads };
}

/** Encodes text chunks as UTF-8 Buffers while hashing and counting them. */
async function* hashed(
  chunks: Iterable<string>,
  into: { hash: ReturnType<typeof createHash>; bytes: number },
) {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= 64 * 1024) {
      const buffer = Buffer.from(batch, 'utf8');
      into.hash.update(buffer);
      into.bytes += buffer.length;
      yield buffer;
      batch = '';
    }
  }
  const buffer = Buffer.from(batch, 'utf8');
  into.hash.update(buffer);
  into.bytes += buffer.length;
  yield buffer;
}

async function writeFile(
  deps: ExportDeps,
  exportId: string,
  name: string,
  contentType: string,
  chunks: Iterable<string>,
): Promise<ManifestFile> {
  const state = { hash: createHash('sha256'), bytes: 0 };
  await deps.files.write(exportId, name, contentType, hashed(chunks, state));
  return { name, contentType, bytes: state.bytes, sha256: state.hash.digest('hex') };
}

/** Writes the CSV, the JSON Lines and the HTML report from a finished reducer, then the signed manifest. */
async function writeExportFiles(deps: ExportDeps, job: ExportJob, reducer: EvaluationReducer) {
  const { exportId } = job;
  // Small groups suppressed (fewer than 5 members behind a row), and their members listed nowhere.
  const rows = reducer.publishedRows();
  const pseudonym = pseudonymiser();
  const names = exportFileNames(job.period);
  let members = 0;
  const counted = function* () {
    for (const line of reducer.servedMembers(pseudonym, rows)) {
      members++;
      yield line;
    }
  };
  const files = [
    await writeFile(deps, exportId, names.csv, 'text/csv; charset=utf-8', evaluationCsv(job.period, rows)),
    await writeFile(
      deps,
      exportId,
      names.jsonl,
      'application/x-ndjson; charset=utf-8',
      evaluationJsonl(job.period, rows, counted()),
    ),
  ];
  const generatedAt = deps.now().toISOString();
  files.push(
    await writeFile(deps, exportId, names.html, 'text/html; charset=utf-8', [
      evaluationHtml({ period: job.period, exportId, generatedAt, rows, servedMembers: members }),
    ]),
  );
  const counts = { rows: rows.length, members };
  const manifest = signManifest(
    {
      format: MANIFEST_FORMAT,
      exportId,
      period: job.period,
      generatedAt,
      counts,
      pseudonyms: 'HMAC-SHA-256 of the member id with a random key drawn for this export and never stored',
      files,
    },
    await deps.signingKey(),
  );
  await writeFile(deps, exportId, MANIFEST_NAME, 'application/json', [
    `${JSON.stringify(manifest, null, 2)}\n`,
  ]);
  await deps.jobs.finish(exportId, { status: 'DONE', finishedAt: deps.now().toISOString(), files, counts });
  return { files, counts };
}

async function runningJob(deps: ExportDeps, exportId: string): Promise<ExportJob> {
  const job = await deps.jobs.get(exportId);
  if (job === null) throw new Error(`no export job ${exportId}`);
  if (job.status !== 'RUNNING') throw new Error(`export ${exportId} is ${job.status}`);
  return job;
}

/** Runs `work`; if it throws, the job ends FAILED with the reason (and the error goes on). */
async function orFail<T>(deps: ExportDeps, exportId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await deps.jobs.finish(exportId, {
      status: 'FAILED',
      finishedAt: deps.now().toISOString(),
      error: (error as Error).message,
    });
    throw error;
  }
}

/**
 * The export worker in one invocation: scans the registry, then the claims table (parallel segments,
 * page by page, into the streaming reducer), writes the CSV, the JSON Lines and the HTML report as
 * streams, then the signed manifest, and records the job DONE with every file's SHA-256 (FAILED with
 * the reason if not).
 */
export async function runExport(
  deps: ExportDeps,
  exportId: string,
): Promise<{ files: ManifestFile[]; counts: { rows: number; members: number }; items: number }> {
  const job = await runningJob(deps, exportId);
  return orFail(deps, exportId, async () => {
    const reducer = new EvaluationReducer(job.period, deps.targets);
    let items = await scanInto(deps, reducer, 'registry');
    items += await scanInto(deps, reducer, 'claims');
    return { ...(await writeExportFiles(deps, job, reducer)), items };
  });
}

const REGISTRY_PARTIAL = 'partial-registry.json';
const segmentPartial = (segment: number, total: number) => `partial-claims-${segment}-of-${total}.json`;

async function* jsonChunks(value: unknown): AsyncIterable<Buffer> {
  yield Buffer.from(JSON.stringify(value), 'utf8');
}

async function readPartial(deps: ExportDeps, exportId: string, name: string): Promise<EvaluationPartial> {
  const bytes = await deps.files.read(exportId, name);
  if (bytes === null) throw new Error(`export ${exportId} has no ${name}`);
  return JSON.parse(bytes.toString('utf8')) as EvaluationPartial;
}

/**
 * The same work split for a Distributed Map, one invocation per step: `registry` scans the registry into
 * a partial; each `segment` (one per Map item) starts from the registry's units and members, scans one
 * segment of the claims table and stores its partial; `finish` merges them and writes the files. The
 * partials are kept next to the files (never listed or signed).
 */
export async function runExportPhase(
  deps: ExportDeps,
  exportId: string,
  phase:
    | { readonly phase: 'registry' }
    | { readonly phase: 'segment'; readonly segment: number; readonly total: number }
    | { readonly phase: 'finish'; readonly total: number },
): Promise<{ items?: number; files?: ManifestFile[]; counts?: { rows: number; members: number } }> {
  const job = await runningJob(deps, exportId);
  return orFail(deps, exportId, async () => {
    if (phase.phase === 'registry') {
      const reducer = new EvaluationReducer(job.period, deps.targets);
      let items = 0;
      for (let segment = 0; segment < (deps.segments ?? 4); segment++) {
        for await (const page of deps.scanner.segment('registry', segment, deps.segments ?? 4)) {
          for (const item of page) reducer.add(item);
          items += page.length;
        }
      }
      await deps.files.write(
        exportId,
        REGISTRY_PARTIAL,
        'application/json',
        jsonChunks(reducer.toPartial('registry')),
      );
      return { items };
    }
    if (phase.phase === 'segment') {
      if (phase.segment >= phase.total) throw new Error(`segment ${phase.segment} of ${phase.total}`);
      const start = await readPartial(deps, exportId, REGISTRY_PARTIAL);
      const reducer = EvaluationReducer.fromPartial(start, { targets: deps.targets, withCounters: false });
      let items = 0;
      for await (const page of deps.scanner.segment('claims', phase.segment, phase.total)) {
        for (const item of page) reducer.add(item);
        items += page.length;
      }
      const name = segmentPartial(phase.segment, phase.total);
      await deps.files.write(exportId, name, 'application/json', jsonChunks(reducer.toPartial('segment')));
      return { items };
    }
    const whole = EvaluationReducer.fromPartial(await readPartial(deps, exportId, REGISTRY_PARTIAL), {
      targets: deps.targets,
    });
    for (let segment = 0; segment < phase.total; segment++) {
      const part = await readPartial(deps, exportId, segmentPartial(segment, phase.total));
      whole.merge(EvaluationReducer.fromPartial(part, { targets: deps.targets }));
    }
    return writeExportFiles(deps, job, whole);
  });
}

/** Which period a schedule exports: the year before (mid-January), or the running year so far (monthly). */
export type ScheduledPeriod = 'previous-year' | 'running-year';

export function scheduledPeriod(which: ScheduledPeriod, now: Date): ExportPeriod {
  if (which === 'previous-year') return { year: beijingYear(now) - 1 };
  // The year of yesterday: run on the 1st of a month it covers the year up to the month just ended
  // (on 1 January, the whole year before).
  return { year: beijingYear(new Date(now.getTime() - 86_400_000)) };
}

/** A scheduled export: recorded as requested by the system, then run at once. */
export async function runScheduledExport(deps: ExportDeps, which: ScheduledPeriod) {
  if (!isValidPeriod(scheduledPeriod(which, deps.now()))) throw new Error('no period');
  const job = await createJob(deps, scheduledPeriod(which, deps.now()), {
    kind: 'system',
    id: `schedule:${which}`,
  });
  return { exportId: job.exportId, ...(await runExport(deps, job.exportId)) };
}
