import type { Claim } from '../domain/claim.ts';
import { versionInForce } from '../domain/programs/versions.ts';
import type { ProgramsStore } from '../ports/programs-store.ts';
import type { ProgramVersion } from '../schemas/programs.ts';

/**
 * The program version a claim is judged under: the one recorded on it when it was submitted, read by its
 * id (one get), so a version added later never changes an open claim's rules, approval timeouts or payee
 * rule. A claim stored before the version was recorded (or whose recorded version is gone) falls back to
 * the lookup it was always judged by, once per step: the version in force on its incident date.
 */
export async function claimVersion(
  programs: ProgramsStore,
  claim: Pick<Claim, 'program' | 'incidentDate' | 'programVersion'>,
): Promise<ProgramVersion | null> {
  if (claim.programVersion !== undefined) {
    const recorded = await programs.getVersion(claim.program, claim.programVersion);
    if (recorded !== null) return recorded;
  }
  return versionInForce(await programs.listVersions(), claim.program, claim.incidentDate);
}
