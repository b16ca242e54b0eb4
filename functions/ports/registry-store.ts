import type { RecordEvent } from '../domain/audit.ts';
import type { Approver, Budget, Member, Unit } from '../domain/registry.ts';

/** A member record to write and the audit event of its change (null: no audited field changed). */
export interface MemberWrite {
  readonly member: Member;
  readonly event: RecordEvent | null;
}

export interface RegistryStore {
  getMember(memberId: string): Promise<Member | null>;
  getUnit(code: string): Promise<Unit | null>;
  listApprovers(unitCode: string): Promise<Approver[]>;
  getBudget(unitCode: string, programId: string, year: number): Promise<Budget | null>;
  /** Loads registry records (demo data, tests); upserts. Members get their ID-number lookup too. */
  putAll(records: {
    units?: readonly Unit[];
    approvers?: readonly Approver[];
    members?: readonly Member[];
    budgets?: readonly Budget[];
  }): Promise<void>;

  // The real-name member import (实名制).

  /**
   * Readies the table for member imports, once per table: indexes members written before the ID-number
   * lookup existed and starts the member-id counter above the highest member id present. Idempotent.
   */
  prepareMemberImport(): Promise<void>;
  /** The member registered under an ID-number hash (`hashIdNumber`), or null. */
  findMemberIdByIdHash(idNumberHash: string): Promise<string | null>;
  /** {@link findMemberIdByIdHash} for many hashes at once: hash → memberId for those registered. */
  findMemberIdsByIdHash(idNumberHashes: readonly string[]): Promise<Map<string, string>>;
  /** Members by id; ids not found are absent from the map. */
  getMembers(memberIds: readonly string[]): Promise<Map<string, Member>>;
  /** `count` member ids never handed out before (`M` and 6+ digits); reserved from a counter in blocks. */
  allocateMemberIds(count: number): Promise<string[]>;
  /**
   * Writes members (replacing those with the same id) and their ID-number lookups, in batches. The audit
   * events are written first, so a write cut short leaves an event for a change that may still be missing
   * (redone by the next import), never a change without its event.
   */
  putMembers(writes: readonly MemberWrite[]): Promise<void>;
  /** Appends an audit event to a member's record (a read of it, e.g. a lookup by ID number). */
  appendMemberEvent(memberId: string, event: RecordEvent): Promise<void>;
  /** The audit events of a member record, oldest first. */
  memberHistory(memberId: string): Promise<RecordEvent[]>;
}
