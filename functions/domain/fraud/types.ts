/**
 * Pure fraud checks over a snapshot of claims, members and approvers (no AWS, no I/O).
 * Personal data arrives already pseudonymised: bank accounts and mobiles as keyed hashes supplied by the caller.
 */
import type { Claim, ClaimStatus } from '../claim.ts';
import type { Fen } from '../money.ts';

export interface FraudDecision {
  readonly level: number;
  readonly approverId: string;
  readonly decision: 'approve' | 'reject';
  /** ISO instant. */
  readonly decidedAt: string;
}

export interface FraudClaim {
  readonly claimId: string;
  readonly memberId: string;
  readonly unitCode: string | null;
  readonly program: string;
  readonly benefit: string;
  readonly status: ClaimStatus;
  readonly amountFen: Fen;
  /** ISO instant. */
  readonly submittedAt: string;
  /** YYYY-MM-DD (Beijing calendar day). */
  readonly incidentDate: string;
  readonly evidence: readonly { readonly kind: string; readonly number: string }[];
  /** Keyed hash of the payee's bank account (never the account itself); null if unknown. */
  readonly payeeAccountHash: string | null;
  readonly decisions: readonly FraudDecision[];
}

/** What the fraud rules see of a stored claim, given its payee account's keyed hash and its decisions. */
export function fraudClaimOf(
  claim: Claim,
  payeeAccountHash: string | null,
  decisions: readonly FraudDecision[],
): FraudClaim {
  return {
    claimId: claim.claimId,
    memberId: claim.memberId,
    unitCode: claim.unitCode,
    program: claim.program,
    benefit: claim.benefit,
    status: claim.status,
    amountFen: claim.rules?.amountFen ?? 0,
    submittedAt: claim.submittedAt,
    incidentDate: claim.incidentDate,
    evidence: claim.evidence.map((e) => ({ kind: e.kind, number: e.number })),
    payeeAccountHash,
    decisions,
  };
}

export interface FraudMember {
  readonly memberId: string;
  /** YYYY-MM-DD. */
  readonly joinedOn: string;
  /** Keyed hash of the member's mobile number; null if none is known. */
  readonly mobileHash: string | null;
  readonly unitCode: string;
  /** YYYY-MM-DD, if the registry knows the member died. */
  readonly diedOn?: string | null;
}

export interface FraudApprover {
  readonly approverId: string;
  readonly memberId: string | null;
  /** Keyed hash of the approver's mobile number. */
  readonly mobileHash: string | null;
  /** Keyed hash of the approver's own bank account, if known. */
  readonly payeeAccountHash: string | null;
}

export interface FraudInput {
  readonly claims: readonly FraudClaim[];
  readonly members: readonly FraudMember[];
  readonly approvers: readonly FraudApprover[];
  /** ISO instant of the scan. */
  readonly now: string;
  /**
   * Claims of each unit in the unit-velocity baseline weeks counted without being listed in `claims` (a
   * scan reads only the last week's claims of a unit and counts the weeks before).
   */
  readonly unitBaselineCounts?: Readonly<Record<string, number>>;
}

export interface FraudFlag {
  /** The id of the rule that raised it (see FRAUD_RULES). */
  readonly rule: string;
  /** 0–100: how strongly the match suggests fraud. */
  readonly score: number;
  readonly claimIds: readonly string[];
  readonly memberIds: readonly string[];
  /** What matched, in Chinese and English; hashes and evidence numbers only, never personal data in clear. */
  readonly what: { readonly zh: string; readonly en: string };
  /** Stable id of the match, so a later scan recognises a flag it already raised. */
  readonly key: string;
}

export interface FraudOptions {
  /** A claim whose incident or submission falls within this many days of joining is flagged. */
  readonly soonAfterJoiningDays: number;
  /** One bank account paid for at least this many members. */
  readonly sharedPayeeMinMembers: number;
  /** One mobile number on at least this many members. */
  readonly sharedMobileMinMembers: number;
  /** The (program, benefit) pairs that pay for a member's death. */
  readonly deathBenefits: readonly { readonly program: string; readonly benefit: string }[];
  /** Authority limits (fen) under which split amounts are looked for. */
  readonly splitLimitsFen: readonly Fen[];
  /** A claim within this percentage below a limit counts as "just under" it. */
  readonly splitMarginPercent: number;
  readonly splitWindowDays: number;
  /** More than this many claims of one member within the window is unusual. */
  readonly memberVelocityMax: number;
  readonly memberVelocityWindowDays: number;
  /** A unit's claims of the last 7 days above this multiple of its weekly average… */
  readonly unitVelocityMultiplier: number;
  /** …over this many previous weeks… */
  readonly unitVelocityBaselineWeeks: number;
  /** …and at least this many claims in the last 7 days. */
  readonly unitVelocityMinCount: number;
}

/** A claim with its dates parsed once (NaN when a date does not parse). */
export interface IndexedClaim {
  readonly claim: FraudClaim;
  readonly submittedMs: number;
  /** Day number (days since 1970-01-01) of the submission in Beijing. */
  readonly submittedDay: number;
  /** Day number of the incident date. */
  readonly incidentDay: number;
}

/** The snapshot grouped once, shared by every rule. */
export interface FraudContext {
  readonly input: FraudInput;
  readonly options: FraudOptions;
  readonly nowMs: number;
  readonly claims: readonly IndexedClaim[];
  readonly membersById: ReadonlyMap<string, FraudMember>;
  readonly approversById: ReadonlyMap<string, FraudApprover>;
  /** Each member's claims, by submission time (claims with an unreadable time last). */
  readonly claimsByMember: ReadonlyMap<string, readonly IndexedClaim[]>;
}

export interface FraudRule {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly run: (context: FraudContext) => FraudFlag[];
}
