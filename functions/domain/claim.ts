import type { Fen } from './money.ts';

export const CLAIM_STATUSES = [
  'SUBMITTED',
  'MEMBERSHIP_VERIFIED',
  'RULES_PASSED',
  'AWAITING_APPROVAL',
  'APPROVED',
  'PAID',
  'REJECTED',
  'FAILED',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const FINAL_STATUSES: ReadonlySet<ClaimStatus> = new Set(['PAID', 'REJECTED', 'FAILED']);

const NEXT: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  SUBMITTED: ['MEMBERSHIP_VERIFIED', 'REJECTED', 'FAILED'],
  MEMBERSHIP_VERIFIED: ['RULES_PASSED', 'REJECTED', 'FAILED'],
  RULES_PASSED: ['AWAITING_APPROVAL', 'FAILED'],
  AWAITING_APPROVAL: ['APPROVED', 'REJECTED', 'FAILED'],
  APPROVED: ['PAID', 'FAILED'],
  PAID: [],
  REJECTED: [],
  FAILED: [],
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

export interface MembershipOutcome {
  readonly verified: boolean;
  readonly results: readonly RuleResult[];
}

export interface RulesOutcome {
  readonly passed: boolean;
  readonly amountFen: Fen;
  readonly programVersion: string;
  readonly results: readonly RuleResult[];
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

export interface Claim {
  readonly claimId: string;
  readonly memberId: string;
  /** The member's grassroots unit when submitted (null if the member was unknown). */
  readonly unitCode: string | null;
  /** The unit path, for staff scope checks. */
  readonly unitPath: string | null;
  readonly program: string;
  readonly benefit: string;
  readonly incidentDate: string;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly evidence: readonly Evidence[];
  readonly payee: PayeeMasked;
  readonly status: ClaimStatus;
  /** Bumped on every change; the audit event of a change carries the new version as its sequence. */
  readonly version: number;
  readonly submittedAt: string;
  readonly submittedBy: Actor;
  readonly updatedAt: string;
  readonly membership?: MembershipOutcome;
  readonly rules?: RulesOutcome;
  readonly approval?: ApprovalOutcome;
  readonly payout?: PayoutOutcome;
  readonly failure?: FailureOutcome;
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
}
