import type { RecordEvent } from '../domain/audit.ts';
import type { ProgramVersionRef } from '../domain/programs/versions.ts';
import type { ProgramVersion } from '../schemas/programs.ts';

/** Program versions: the built-in catalog plus every version an admin added (准入退出). */
export interface ProgramsStore {
  /** All versions in force at some time, oldest first; added versions replace built-in ones of the same id and version. */
  listVersions(): Promise<ProgramVersion[]>;
  /** One version of a program, built in or added (null if there is no such version). */
  getVersion(programId: string, ref: ProgramVersionRef): Promise<ProgramVersion | null>;
  /** Adds a version unless one with the same program id and version exists; records the audit event with it. */
  addVersion(version: ProgramVersion, event: RecordEvent): Promise<'added' | 'exists'>;
  /**
   * Removes an added version (never a built-in one) with the audit event of its removal, if it is still
   * stored as given: 'missing' when it is not (already removed, or built in).
   */
  removeVersion(version: ProgramVersion, event: RecordEvent): Promise<'removed' | 'missing'>;
  history(programId: string): Promise<RecordEvent[]>;
}
