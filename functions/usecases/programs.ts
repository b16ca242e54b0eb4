import { beijingDate } from '../domain/calendar.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { programState, versionInForce } from '../domain/programs/versions.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import {
  type ProgramVersion,
  ProgramVersionSchema,
  RetireRequest,
  WithdrawRetirementRequest,
} from '../schemas/programs.ts';
import { actorOf } from './access.ts';
import type { Deps } from './deps.ts';

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
  if (!identity.roles.includes('admin')) throw new Forbidden('only admins change programs');
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
    throw new Conflict(`program ${version.programId} already has a version ${version.version}`);
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
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  if (parsed.data.programId !== request.programId) {
    throw new Invalid([{ field: 'programId', message: `must be ${request.programId}, as in the path` }]);
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
  const parsed = RetireRequest.safeParse(request.body ?? {});
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { effectiveFrom, reason } = parsed.data;
  const latest = await latestVersion(deps, request.programId);
  if (latest.retired)
    throw new Conflict(`program ${request.programId} is already retired`, { title: 'Already retired' });
  if (effectiveFrom <= latest.effectiveFrom) {
    throw new Invalid([
      { field: 'effectiveFrom', message: `must be after ${latest.effectiveFrom}, the latest version` },
    ]);
  }
  const retired: ProgramVersion = {
    ...latest,
    version: `${effectiveFrom}-retired`,
    effectiveFrom,
    retired: true,
  };
  return add(deps, request.identity, retired, 'program-retired', reason);
}

async function latestVersion(deps: Pick<Deps, 'programs'>, programId: string): Promise<ProgramVersion> {
  const versions = await deps.programs.listVersions();
  const latest = versions.filter((v) => v.programId === programId).at(-1);
  if (latest === undefined) throw new NotFound(`no program ${programId}`);
  return latest;
}

export interface WithdrawnRetirement {
  readonly programId: string;
  /** The retirement withdrawn: its version id and the day it would have taken effect. */
  readonly withdrawn: { readonly version: string; readonly effectiveFrom: string };
  readonly state: ReturnType<typeof programState>;
}

/**
 * DELETE /programs/{programId}/retire: withdraws a retirement that has not taken effect yet (its day is
 * after today, Beijing time); the program stays open. Once in force, a retirement stays (409): the
 * program is reopened by a new version instead. Audited as `program-retirement-withdrawn`.
 */
export async function withdrawRetirement(
  deps: Pick<Deps, 'programs' | 'now'>,
  request: { identity: Identity; programId: string; body: unknown },
): Promise<WithdrawnRetirement> {
  requireAdmin(request.identity);
  const parsed = WithdrawRetirementRequest.safeParse(request.body ?? {});
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const latest = await latestVersion(deps, request.programId);
  if (!latest.retired) {
    throw new Conflict(`program ${request.programId} has no retirement to withdraw`, {
      title: 'Not retired',
    });
  }
  const today = beijingDate(deps.now());
  const inForce = `program ${request.programId} was retired on ${latest.effectiveFrom}: a retirement in force cannot be withdrawn; add a new version to reopen it`;
  if (latest.effectiveFrom <= today) throw new Conflict(inForce, { title: 'Retirement in force' });
  const result = await deps.programs.removeVersion(latest, {
    at: deps.now().toISOString(),
    actor: actorOf(request.identity),
    action: 'program-retirement-withdrawn',
    reason: parsed.data.reason,
    before: { version: latest.version, effectiveFrom: latest.effectiveFrom, retired: true },
    after: null,
  });
  if (result === 'missing') {
    throw new Conflict(`program ${request.programId} has no retirement to withdraw`, {
      title: 'Not retired',
    });
  }
  const versions = await deps.programs.listVersions();
  return {
    programId: request.programId,
    withdrawn: { version: latest.version, effectiveFrom: latest.effectiveFrom },
    state: programState(versions, request.programId, today),
  };
}
