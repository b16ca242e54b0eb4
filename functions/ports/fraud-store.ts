import type { FraudClaim, FraudMember } from '../domain/fraud/index.ts';

export type FlagState = 'OPEN' | 'CLEARED' | 'CONFIRMED';

/**
 * One flag on one claim, as stored (`CLAIM#<claimId>` / `FLAG#<key>`). `rule`, `score`, `state`, `raisedAt`,
 * `resolvedAt`, `resolvedBy`, `reason` and `what` are read by the evaluation export: keep them.
 */
export interface StoredFlag {
  readonly claimId: string;
  readonly key: string;
  readonly rule: string;
  readonly score: number;
  readonly state: FlagState;
  readonly raisedAt: string;
  readonly resolvedAt?: string;
  readonly resolvedBy?: string;
  readonly reason?: string;
  readonly what: { readonly zh: string; readonly en: string };
  /** The other claims and the members the match names. */
  readonly claimIds: readonly string[];
  readonly memberIds: readonly string[];
  /** The claim's unit path (staff see the flags of their subtree) and its status when the flag was raised. */
  readonly unitPath: string | null;
  readonly claimStatus: string;
  /** Raised on a claim already paid: nothing to hold, it goes to the auditors' review list. */
  readonly review: boolean;
  /** Raised on a claim in flight: it counts in the claim's `fraudHold` and keeps it from payout. */
  readonly holds: boolean;
}

/** A changed claim as the scan reads it: the claim's snapshot for the rules (hashes only). */
export interface ScanClaim {
  readonly fraud: FraudClaim;
  /** The units of the claim's approval chain (where its approvers are registered). */
  readonly approverUnits: readonly string[];
}

export interface FraudStore {
  /** The instant up to which the last successful scan read changes; null before the first. */
  getCursor(): Promise<string | null>;
  setCursor(at: string, summary: Record<string, unknown>): Promise<void>;
  /**
   * Takes the scan's lease for `owner` until `expiresAt` unless another scan holds an unexpired one;
   * returns whether it did. Two scans at once (the schedule and a run now) would rewrite the index's
   * directories over each other.
   */
  takeLease(owner: string, now: string, expiresAt: string): Promise<boolean>;
  /** Gives the lease back if `owner` still holds it. */
  releaseLease(owner: string): Promise<void>;
  /**
   * The ids of claims changed after `since` up to `until`, page by page (a claim may come more than once);
   * every claim when `since` is null.
   */
  changedClaims(
    since: string | null,
    until: string,
    onPage: (claimIds: string[]) => Promise<void>,
  ): Promise<void>;
  /** The scan's snapshot of a claim: its item, the payee account's hash and every approval decision. */
  readClaims(claimIds: readonly string[], hash: (value: string) => string): Promise<ScanClaim[]>;
  /**
   * The ids filed under each index partition (claim ids under `FRAUD#MEMBER|PAYEE|EVIDENCE#…`, member ids
   * under `FRAUD#MOBILE#…`), each with its member id, from the partitions' directories: every partition
   * asked for is in the answer (empty if nothing is filed).
   */
  filedUnder(partitions: readonly string[]): Promise<Map<string, Map<string, string>>>;
  /** Claim snapshots, by id under their member's partition (those not found are absent). */
  claimsAt(refs: readonly { partition: string; claimId: string }[]): Promise<FraudClaim[]>;
  /** The members filed under mobile partitions, by id (those not found are absent). */
  membersAt(refs: readonly { partition: string; memberId: string }[]): Promise<FraudMember[]>;
  /**
   * Files claim snapshots and members in the scan's index (by member, unit and mobile) and
   * adds their ids to the directories of the partitions (`filed`: the directories as read); the items written.
   */
  index(
    claims: readonly FraudClaim[],
    members: readonly FraudMember[],
    filed: ReadonlyMap<string, ReadonlyMap<string, string>>,
  ): Promise<number>;
  /** The claims filed under an index partition (`FRAUD#MEMBER#…`, `FRAUD#UNIT#…` from a sort key, …). */
  claimsUnder(partition: string, fromSk?: string): Promise<FraudClaim[]>;
  /** How many items a partition holds between two sort keys (inclusive), without reading them. */
  countUnder(partition: string, fromSk: string, toSk: string): Promise<number>;
  /**
   * A unit's claims submitted strictly between two instants: whole weeks from their counters (from
   * `countersFrom` on), the rest (and weeks without a counter) counted in the unit's index partition.
   */
  unitBaseline(unitCode: string, from: string, to: string, countersFrom: string): Promise<number>;
  flagsOf(claimId: string): Promise<StoredFlag[]>;
  getFlag(claimId: string, key: string): Promise<StoredFlag | null>;
  /** Flags in a state, newest first; only those raised on paid claims when `review`. */
  listFlags(state: FlagState, review: boolean, limit: number): Promise<StoredFlag[]>;
  saveHoldToken(claimId: string, taskToken: string): Promise<void>;
  getHoldToken(claimId: string): Promise<string | null>;
}
