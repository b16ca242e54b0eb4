import type { ProgramVersion } from '../../schemas/programs.ts';

/**
 * The version of a program in force on a date (ISO yyyy-mm-dd): the latest `effectiveFrom` on or before
 * it (of two with the same date, the later in the list), retired or not; null if none.
 */
export function versionInForce<V extends Pick<ProgramVersion, 'programId' | 'effectiveFrom'>>(
  versions: readonly V[],
  programId: string,
  onDate: string,
): V | null {
  let best: V | null = null;
  for (const version of versions) {
    if (version.programId !== programId || version.effectiveFrom > onDate) continue;
    if (best === null || version.effectiveFrom >= best.effectiveFrom) best = version;
  }
  return best;
}

/** What identifies a version of a program in the programs store (with the program's id). */
export type ProgramVersionRef = Pick<ProgramVersion, 'version' | 'effectiveFrom'>;

export function versionRef(version: ProgramVersionRef): ProgramVersionRef {
  return { version: version.version, effectiveFrom: version.effectiveFrom };
}

export type ProgramState = 'unknown' | 'not-yet' | 'active' | 'retired';

/** unknown: no version at all; not-yet: none in force yet on that date; else by the version in force. */
export function programState(
  versions: readonly Pick<ProgramVersion, 'programId' | 'effectiveFrom' | 'retired'>[],
  programId: string,
  onDate: string,
): ProgramState {
  if (!versions.some((v) => v.programId === programId)) return 'unknown';
  const version = versionInForce(versions, programId, onDate);
  if (version === null) return 'not-yet';
  return version.retired ? 'retired' : 'active';
}
