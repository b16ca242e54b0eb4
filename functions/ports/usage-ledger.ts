import type { Evidence } from '../domain/claim.ts';
import type { UsageSnapshot } from '../domain/rules.ts';

/** Which (program, benefit, year) a claim draws on, for annual caps across a member's claims. */
export interface UsageKey {
  readonly memberId: string;
  readonly program: string;
  readonly benefit: string;
  readonly year: number;
}

/**
 * What each member has committed or been paid per program and benefit and year, and which claim holds
 * each evidence number. Written together with a claim's change (claims store linked writes), so a cap
 * or an invoice is never used twice by concurrent claims.
 */
export interface UsageLedger {
  snapshot(key: UsageKey): Promise<UsageSnapshot>;
  /** Both of the above in one read: what the rules of one claim need. */
  snapshotWithEvidence(
    key: UsageKey,
    evidence: readonly Evidence[],
    exceptClaimId: string,
  ): Promise<{ usage: UsageSnapshot; evidenceInUse: { kind: string; number: string; claimId: string }[] }>;
  /** The evidence among these that another claim holds. */
  evidenceHeld(
    evidence: readonly Evidence[],
    exceptClaimId: string,
  ): Promise<{ kind: string; number: string; claimId: string }[]>;
}
