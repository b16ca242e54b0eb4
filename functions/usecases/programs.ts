import { beijingDate } from '../domain/calendar.ts';
import { fieldErrors } from '../domain/claim-schema.ts';
import type { Identity } from '../domain/identity.ts';
import {
  type ProgramVersion,
  ProgramVersionSchema,
  programState,
  versionInForce,
} from '../domain/programs/schema.ts';
import { actorOf } from './access.ts';
import type { Deps } from './deps.ts';
import { HttpProblem, problems } from './problem.ts';

export interface ProgramSummary {
  readonly programId: string;
  readonly state: ReturnType<typeof programState>;
  readonly inForce: ProgramVersion | null;
  readonly versions: readonly { version: string; effectiveFrom: string; retired: boolean }[];
}

/** GET /programs: every program, its state today and the version in force. */
export async function listPrograms(deps: Pick<Deps, 'programs' | 'now'>): Promise<ProgramSummary[]> {
  const versions = await deps.programs.listVersions();
  const today = beijingDate(deps.now());
  const ids = [...new Set(versions.map((v) => v.programId))];
  return ids.map((programId) => ({
    programId,
    state: programState(versions, programId, today),
    inForce: versionInForce(versions, programId, today),
    versions: versions
      .filter((v) => v.programId === programId)
      .map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, retired: v.retired })),
  }));
}

function requireAdmin(identity: Identity): void {
  if (!identity.roles.includes('admin')) throw problems.forbidden('only admins change programs');
}

async function add(
  deps: Pick<Deps, 'programs' | 'now'>,
  identity: Identity,
  version: ProgramVersion,
  action: string,
  reason: string,
): Promise<ProgramVersion> {
  const result = await deps.programs.addVersion(version, {
    at: deps.now().toISOString(),
    actor: actorOf(identity),
    action,
    reason,
    before: null,
    after: { version: version.version, effectiveFrom: version.effectiveFrom, retired: version.retired },
  });
  if (result === 'exists') {
    throw problems.conflict(`program ${version.programId} already has a version ${version.version}`);
  }
  return version;
}

/** POST /programs/{programId}/versions: a new version in force from its date (amounts, benefits, rules). */
export async function addProgramVersion(
  deps: Pick<Deps, 'programs' | 'now'>,
  request: { identity: Identity; programId: string; body: unknown },
): Promise<ProgramVersion> {
  requireAdmin(request.identity);
  const parsed = ProgramVersionSchema.safeParse(request.body);
  if (!parsed.success) throw problems.invalid(fieldErrors(parsed.error));
  if (parsed.data.programId !== request.programId) {
    throw problems.invalid([{ field: 'programId', message: `must be ${request.programId}, as in the path` }]);
  }
  const reason = `version ${parsed.data.version} in force from ${parsed.data.effectiveFrom}`;
  return add(
    deps,
    request.identity,
    parsed.data,
    parsed.data.retired ? 'program-retired' : 'program-version-added',
    reason,
  );
}

/** POST /programs/{programId}/retire: from a date on, the program takes no new claims (准入退出). */
export async function retireProgram(
  deps: Pick<Deps, 'programs' | 'now'>,
  request: { identity: Identity; programId: string; body: unknown },
): Promise<ProgramVersion> {
  requireAdmin(request.identity);
  const body = (request.body ?? {}) as { effectiveFrom?: unknown; reason?: unknown };
  const errors = [
    ...(typeof body.effectiveFrom === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.effectiveFrom)
      ? []
      : [{ field: 'effectiveFrom', message: 'must be a date as YYYY-MM-DD' }]),
    ...(typeof body.reason === 'string' && body.reason.trim().length >= 2
      ? []
      : [{ field: 'reason', message: 'must say why the program is retired' }]),
  ];
  if (errors.length > 0) throw problems.invalid(errors);
  const effectiveFrom = String(body.effectiveFrom);
  const versions = await deps.programs.listVersions();
  const latest = versions.filter((v) => v.programId === request.programId).at(-1);
  if (latest === undefined) throw problems.notFound(`no program ${request.programId}`);
  if (latest.retired)
    throw new HttpProblem(409, 'Already retired', `program ${request.programId} is already retired`);
  if (effectiveFrom <= latest.effectiveFrom) {
    throw problems.invalid([
      { field: 'effectiveFrom', message: `must be after ${latest.effectiveFrom}, the latest version` },
    ]);
  }
  const retired: ProgramVersion = {
    ...latest,
    version: `${effectiveFrom}-retired`,
    effectiveFrom,
    retired: true,
  };
  return add(deps, request.identity, retired, 'program-retired', String(body.reason).trim());
}
