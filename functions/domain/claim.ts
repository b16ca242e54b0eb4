import type { ApprovalStep } from './authority.ts';
import type { Fen } from './money.ts';
import type { ProgramVersionRef } from './programs/versions.ts';

export const CLAIM_STATUSES = [
  'SUBMITTED',
  'AWAITING_CORRECTION',
  'MEMBERSHIP_VERIFIED',
  'RULES_PASSED',
  'AWAITING_APPROVAL',
  'APPROVED',
  'AWAITING_FUNDS',
  'PAID',
  'REJECTED',
  'FAILED',
  'PAYOUT_RETURNED',
  /** A fraud flag is open (or confirmed) on an approved claim: the workflow waits before payout. */
  'ON_HOLD',
  /** The claim passed its rules but a document its benefit requires is not stored yet: it waits for it. */
  'AWAITING_DOCUMENTS',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const FINAL_STATUSES: ReadonlySet<ClaimStatus> = new Set(['PAID', 'REJECTED', 'FAILED']);

const NEXT: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  SUBMITTED: ['MEMBERSHIP_VERIFIED', 'AWAITING_CORRECTION', 'REJECTED', 'FAILED'],
  AWAITING_CORRECTION: ['SUBMITTED', 'REJECTED', 'FAILED'],
  MEMBERSHIP_VERIFIED: ['RULES_PASSED', 'REJECTED', 'FAILED'],
  RULES_PASSED: ['AWAITING_APPROVAL', 'FAILED', 'AWAITING_DOCUMENTS'],
  AWAITING_APPROVAL: ['APPROVED', 'REJECTED', 'FAILED'],
  APPROVED: ['PAID', 'AWAITING_FUNDS', 'FAILED', 'ON_HOLD'],
  /** The budget could not pay: the claim waits in its budget's queue until the budget is raised. */
  AWAITING_FUNDS: ['PAID', 'FAILED', 'ON_HOLD'],
  /** The bank returned the payout (wrong account, closed account…): the claim waits for corrected payee details. */
  PAID: ['PAYOUT_RETURNED'],
  REJECTED: [],
  FAILED: [],
  /** Corrected payee details approve the claim for payment again (its annual usage is reserved again). */
  PAYOUT_RETURNED: ['APPROVED', 'FAILED'],
  /** Cleared: back to APPROVED and on to payout; confirmed: REJECTED. */
  ON_HOLD: ['APPROVED', 'REJECTED', 'FAILED'],
  /** The last required document is stored: back to RULES_PASSED and on to approval; the window closed: REJECTED. */
  AWAITING_DOCUMENTS: ['RULES_PASSED', 'REJECTED', 'FAILED'],
};

export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return NEXT[from].includes(to);
}

export interface Evidence {
  readonly kind: string;
  readonly number: string;
}

/** Who did something: a person by role, or the workflow itself. */
export interface Actor {
  readonly kind: 'member' | 'staff' | 'admin' | 'auditor' | 'approver' | 'system';
  readonly id: string;
}

/** One line of the outcome of a check, with a machine code and a text in Chinese and English. */
export interface RuleResult {
  readonly code: string;
  readonly passed: boolean;
  readonly zh: string;
  readonly en: string;
}

/** Registry data the member's union can fix (派单): the claim waits for it instead of failing. */
export interface CorrectionRequest {
  readonly round: number;
  readonly kinds: readonly ('name-mismatch' | 'renewal-pending' | 'unit-unknown' | 'payee-mismatch')[];
  /** The unit whose staff must act, and its path. */
  readonly unitCode: string;
  readonly unitPath: string;
  readonly detail: { readonly zh: string; readonly en: string };
}

export interface MembershipOutcome {
  readonly verified: boolean;
  readonly results: readonly RuleResult[];
  /** Set when every failure is one the member's union can correct. */
  readonly correction?: CorrectionRequest | null;
}

/** What a claim takes from the member's annual usage if it is paid (calendar year of the incident). */
export interface RulesConsumption {
  readonly year: number;
  readonly fen: Fen;
  /** Days of a daily allowance. */
  readonly days: number;
  /** Documented costs, which count toward a deductible met per year. */
  readonly costsFen: Fen;
}

export interface RulesOutcome {
  readonly passed: boolean;
  readonly amountFen: Fen;
  readonly programVersion: string;
  readonly results: readonly RuleResult[];
  /** Always set by `evaluateRules`; absent on outcomes stored before it existed. */
  readonly consumes?: RulesConsumption;
}

export interface ApprovalOutcome {
  readonly level: number;
  readonly decision: 'approve' | 'reject';
  readonly approverId: string;
  readonly reason: string;
  readonly decidedAt: string;
}

export interface PayoutOutcome {
  readonly payoutId: string;
  readonly amountFen: Fen;
  readonly paidAt: string;
  /** Set when the bank returned this payout; a later payout (the next round) replaces it. */
  readonly returned?: { readonly at: string; readonly reason: string };
}

/** The claim's payout that stands (paid and not returned by the bank), if any. */
export function standingPayout(claim: Pick<Claim, 'payout'>): PayoutOutcome | undefined {
  return claim.payout?.returned === undefined ? claim.payout : undefined;
}

export interface FailureOutcome {
  readonly error: string;
  readonly reason: string;
}

export interface PayeeMasked {
  readonly name: string;
  readonly bankName: string;
  readonly accountMasked: string;
}

/**
 * The people of a claim, as identities (not raw token subjects), recorded when it is submitted so every
 * later separation-of-duties check compares persons: a Cognito `sub` is a UUID that equals no member id
 * and no approver id, so the submitter is recorded with every id their token carried.
 */
export interface ClaimParties {
  /** The member the benefit is for. */
  readonly claimant: { readonly memberId: string };
  /** Who submitted: the token's subject and the member and approver ids its claims carried. */
  readonly submitter: {
    readonly kind: Actor['kind'];
    readonly subject: string;
    readonly memberId: string | null;
    readonly approverId: string | null;
  };
  /** Who is paid, by name (the account number stays in the claim's payee item). */
  readonly payee: { readonly name: string };
}

export interface Claim {
  readonly claimId: string;
  readonly memberId: string;
  /** The member's name as the claim states it; checked against the real-name registry. */
  readonly memberName?: string | null;
  /**
   * What an approval page shows of the member (name, masked ID number), copied from the registry when the
   * membership is verified, so opening an approval level does not read the registry again. Absent on
   * claims verified before it was kept.
   */
  readonly memberShown?: { readonly name: string; readonly idNumberMasked: string };
  /** The member's grassroots unit when submitted (null if the member was unknown). */
  readonly unitCode: string | null;
  /** The unit path, for staff scope checks. */
  readonly unitPath: string | null;
  readonly program: string;
  readonly benefit: string;
  readonly incidentDate: string;
  /**
   * The program version the claim is judged under (in force on the incident date when it was submitted),
   * read by every later step; absent on claims stored before it was recorded.
   */
  readonly programVersion?: ProgramVersionRef;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly evidence: readonly Evidence[];
  readonly payee: PayeeMasked;
  readonly status: ClaimStatus;
  /** Bumped on every change; the audit event of a change carries the new version as its sequence. */
  readonly version: number;
  readonly submittedAt: string;
  readonly submittedBy: Actor;
  /** The claimant, the submitter and the payee as identities, for separation of duties (absent on older claims). */
  readonly parties?: ClaimParties;
  readonly updatedAt: string;
  /** Null again after a data correction, until membership is verified anew. */
  readonly membership?: MembershipOutcome | null;
  /** Who must approve, level by level, as the authority limits require for the amount. */
  readonly approvalChain?: readonly ApprovalStep[];
  /** The evidence numbers this claim holds (none other may pay with them) while it may still be paid. */
  readonly heldEvidence?: readonly Evidence[];
  /** Data corrections made for this claim so far (each kind is corrected at most once). */
  readonly correctedKinds?: readonly CorrectionRequest['kinds'][number][];
  readonly rules?: RulesOutcome;
  readonly approval?: ApprovalOutcome;
  readonly payout?: PayoutOutcome;
  readonly failure?: FailureOutcome;
  /** Fraud flags raised on the claim that are still open, and those confirmed (functions/usecases/fraud-*.ts). */
  readonly fraudHold?: FraudHold;
  /** The hash of the claim's latest audit event: the head of its chain (absent on claims from before chaining). */
  readonly lastEventHash?: string /**
   * A random value (domain/ids.ts newClaimLinkSeed) written with the claim at submission, from which the
   * seeds of its approval and upload links are derived; it never leaves the table. Absent on claims
   * submitted before it was kept: their links get a fresh random seed on each run.
   */;
  readonly linkSeed?: string;
}

export interface FraudHold {
  readonly open: number;
  readonly confirmed: number;
}

/** Open or confirmed flags keep a claim from being paid. */
export function isHeld(claim: Pick<Claim, 'fraudHold'>): boolean {
  return (claim.fraudHold?.open ?? 0) > 0 || (claim.fraudHold?.confirmed ?? 0) > 0;
}

export interface AuditEvent {
  readonly claimId: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  readonly from: ClaimStatus | null;
  readonly to: ClaimStatus;
  readonly reason: string;
  /** The hash of the previous event of the claim (64 zeros for the first); absent on events written before chaining. */
  readonly prevHash?: string;
  /** SHA-256 of prevHash and this event (functions/domain/audit-chain.ts); absent before chaining. */
  readonly hash?: string;
  /** Money fields pinned in the chain: the amount the rules decided (rules-passed) or paid (paid). */
  readonly amountFen?: Fen;
  /** The payout an event pays (paid). */
  readonly payoutId?: string;
  /** SHA-256 of the payee details a payout round goes to (functions/domain/payments/payee-hash.ts). */
  readonly payeeHash?: string;
  /** The document a `document-stored` event records: what was checked and kept, and who uploaded it. */
  readonly document?: DocumentOfEvent;
}

/** A stored document as its audit event pins it in the claim's chain. */
export interface DocumentOfEvent {
  readonly documentId: string;
  readonly kind: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly uploadedBy: string;
}
