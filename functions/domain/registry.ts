/** The union tree, its approvers, members and budgets (pure types). */
export type Tier = 'city' | 'district' | 'industry' | 'grassroots';

export interface Unit {
  /** Stable code, e.g. `BJ`, `BJ-HD`, `BJ-HD-003`. */
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly tier: Tier;
  readonly parentCode: string | null;
  /** Codes from the root to this unit joined by `/`, e.g. `BJ/BJ-HD/BJ-HD-003`; subtree = prefix. */
  readonly path: string;
}

export interface Approver {
  readonly approverId: string;
  readonly unitCode: string;
  readonly name: string;
  readonly email: string;
  readonly mobile: string;
  /** The approver's own membership, so four-eyes can skip them on their own claim. */
  readonly memberId: string | null;
}

export type MemberStatus = 'active' | 'suspended' | 'left';

export interface Member {
  readonly memberId: string;
  readonly name: string;
  /** Keyed hash (HMAC-SHA-256) of the 18-digit resident ID number: lookup without storing it. */
  readonly idNumberHash: string;
  /** e.g. `110105********1234`. */
  readonly idNumberMasked: string;
  readonly mobile: string;
  /** From the ID number (its 17th digit); some benefits are for women only. */
  readonly sex: 'male' | 'female';
  readonly unitCode: string;
  readonly status: MemberStatus;
  /** ISO date the membership began. */
  readonly joinedOn: string;
  /** ISO date the membership ended, if it did. */
  readonly leftOn: string | null;
  readonly hardship: boolean;
  readonly modelWorker: boolean;
  /** A lapsed membership whose renewal the union is processing: a claim waits for it (派单). */
  readonly renewalPending?: boolean;
}

export interface Budget {
  readonly unitCode: string;
  readonly programId: string;
  readonly year: number;
  readonly allocatedFen: number;
  readonly paidFen: number;
}

/** Is `unit` the unit at `scopePath` or below it in the tree? */
export function isInSubtree(unitPath: string, scopePath: string): boolean {
  return unitPath === scopePath || unitPath.startsWith(`${scopePath}/`);
}
