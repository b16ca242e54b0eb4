import type {
  Actor,
  ApprovalOutcome,
  AuditEvent,
  Claim,
  ClaimStatus,
  Evidence,
  FailureOutcome,
  MembershipOutcome,
  PayeeMasked,
  PayoutOutcome,
  RulesConsumption,
  RulesOutcome,
} from '../domain/claim.ts';
import type { ClaimDocument } from '../domain/documents/document.ts';
import type { DocumentOnClaim } from '../domain/fraud/documents.ts';
import type { FeedbackRequest } from './feedback-store.ts';
import type { StoredFlag } from './fraud-store.ts';
import type { PayeeChange } from './payments-store.ts';
import type { CorrectionTicket, TicketDocumentRequest } from './tickets-store.ts';
import type { UsageKey } from './usage-ledger.ts';

/** The annual limits a reservation must stay within (null: none). */
export interface UsageLimits {
  readonly programCapFen: number | null;
  readonly benefitCapFen: number | null;
  readonly maxDays: number | null;
  readonly maxClaims: number | null;
}

/** The payee's full bank details: personal data, kept apart from the claim and never shown whole. */
export interface Payee {
  readonly name: string;
  readonly bankName: string;
  readonly accountNumber: string;
}

export interface NewClaim {
  readonly claim: Claim;
  readonly payee: Payee;
  /** Scoped to the caller; the same key and body again finds the same claim. */
  readonly idempotencyKey: string;
  readonly bodyHash: string;
  readonly event: AuditEvent;
}

export type CreateResult =
  | { readonly created: true }
  | { readonly created: false; readonly claimId: string; readonly bodyHash: string };

/** A change of a claim: its status (or the same status) and the step outcome it records. */
export interface ClaimChange {
  readonly to: ClaimStatus;
  readonly actor: Actor;
  readonly action: string;
  readonly reason: string;
  readonly at: string;
  readonly set?: {
    readonly membership?: MembershipOutcome | null;
    readonly memberShown?: Claim['memberShown'];
    readonly correctedKinds?: Claim['correctedKinds'];
    readonly heldEvidence?: Claim['heldEvidence'];
    readonly approvalChain?: Claim['approvalChain'];
    readonly rules?: RulesOutcome;
    /** The program version a claim stored without one was judged under. */
    readonly programVersion?: Claim['programVersion'];
    readonly approval?: ApprovalOutcome;
    readonly payout?: PayoutOutcome;
    readonly failure?: FailureOutcome;
    /** Corrected payee details (masked) after the bank returned a payout. */
    readonly payee?: PayeeMasked;
    readonly fraudHold?: Claim['fraudHold'];
  };
  /** Fields the change's audit event carries besides the usual ones (all hashed into the chain). */
  readonly event?: Pick<AuditEvent, 'amountFen' | 'payoutId' | 'payeeHash' | 'document'>;
}

/** Writes that must commit together with a claim change. */
export type LinkedWrite =
  | {
      readonly kind: 'decideApproval';
      readonly level: number;
      readonly decision: ApprovalOutcome;
      /** When the level opened, as the decider read it (for the approval-latency metric). */
      readonly openedAt?: string;
      /**
       * The task token as the decider read it: the decision commits only while the level still holds it,
       * so the decider resumes the execution with it without reading it again.
       */
      readonly taskToken?: string;
    }
  | {
      readonly kind: 'recordPayout';
      readonly payout: PayoutOutcome;
      readonly budget: { readonly unitCode: string; readonly programId: string; readonly year: number };
    }
  | { readonly kind: 'closeApproval'; readonly level: number }
  /** A claim's satisfaction link, created with its payment (only if the claim has none). */
  | { readonly kind: 'createFeedback'; readonly request: FeedbackRequest }
  /**
   * An approval level opens with its links (as createApprovalRequest writes them), in the transaction
   * of the change that records it, unless the level exists.
   */
  | {
      readonly kind: 'openApproval';
      readonly request: ApprovalRequest;
      readonly links: readonly ApprovalLink[];
    }
  /** An approved claim's amount is committed against its unit's budget (sign 1) until paid or failed (−1). */
  | {
      readonly kind: 'commitBudget';
      readonly budget: { readonly unitCode: string; readonly programId: string; readonly year: number };
      readonly amountFen: number;
      readonly sign: 1 | -1;
    }
  | {
      readonly kind: 'reserveUsage';
      readonly key: UsageKey;
      readonly consumes: RulesConsumption;
      readonly limits: UsageLimits;
    }
  | { readonly kind: 'releaseUsage'; readonly key: UsageKey; readonly consumes: RulesConsumption }
  | { readonly kind: 'holdEvidence'; readonly evidence: readonly Evidence[] }
  | { readonly kind: 'releaseEvidence'; readonly evidence: readonly Evidence[] }
  /** A level's reminder is recorded once (a replay finds it and sends nothing again). */
  | { readonly kind: 'remindApproval'; readonly level: number; readonly at: string }
  /** A level without a decision closes as escalated (its links expire); made even if it never opened. */
  | {
      readonly kind: 'escalateApproval';
      readonly level: number;
      readonly escalation: ApprovalEscalation;
      /** The unit of the level, for a level that never opened (no eligible approver). */
      readonly unitCode: string;
    }
  /** The bank confirmed a payout sent in a batch (it must still be pending). */
  | { readonly kind: 'confirmPayout'; readonly payoutId: string; readonly at: string }
  /**
   * The bank returned a pending payout: the payout is marked, and its budget gets the amount back
   * (paid − amount, returned + amount, available + amount); the claim is owed it again until paid
   * again (committed + amount).
   */
  | {
      readonly kind: 'returnPayout';
      readonly payoutId: string;
      readonly budget: { readonly unitCode: string; readonly programId: string; readonly year: number };
      readonly amountFen: number;
      readonly at: string;
      readonly reason: string;
    }
  /** The payee details a payout round pays to; each round's are written once and kept. */
  | { readonly kind: 'putPayee'; readonly round: number; readonly payee: Payee }
  /**
   * Staff proposed new payee details: the change (masked), its full details in the payee partition and
   * the member's SMS link to confirm it, written once.
   */
  | { readonly kind: 'proposePayeeChange'; readonly change: PayeeChange; readonly payee: Payee }
  /** A pending payee change replaced by a later proposal, under the condition that it is still pending. */
  | { readonly kind: 'supersedePayeeChange'; readonly changeId: string; readonly at: string }
  /** A pending payee change confirmed by a second person, under the condition that it is still pending. */
  | {
      readonly kind: 'confirmPayeeChange';
      readonly changeId: string;
      readonly confirmedBy: Actor;
      readonly at: string;
      /**
       * Its full details kept for good (their TTL removed) in the same transaction: staff confirming. The
       * member's public link function is denied the payee partition; the payout round keeps them then.
       */
      readonly keepDetails?: boolean;
    }
  /** A fraud flag on this claim, written once (a second scan finds it and raises nothing). */
  | { readonly kind: 'raiseFlag'; readonly flag: StoredFlag }
  /** An open flag cleared or confirmed, under the condition that it is still open. */
  | {
      readonly kind: 'resolveFlag';
      readonly key: string;
      readonly state: 'CLEARED' | 'CONFIRMED';
      readonly resolvedAt: string;
      readonly resolvedBy: string;
      readonly reason: string;
      /** Whether the flag is on the review list (raised on a paid claim). */
      readonly review: boolean;
    }
  /** A document whose bytes passed their checks: STORED, replacing its PENDING item (never a STORED one). */
  | { readonly kind: 'storeDocument'; readonly document: ClaimDocument }
  /** A stored document filed under its SHA-256 (`DOCHASH#<sha256>`), for the duplicate check. */
  | { readonly kind: 'fileDocumentHash'; readonly document: DocumentOnClaim; readonly storedAt: string }
  | {
      readonly kind: 'closeTicket';
      readonly round: number;
      readonly status: 'resolved' | 'expired';
      readonly resolution: CorrectionTicket['resolution'];
    }
  /** An open ticket without a document request gets one, and its upload link (until the ticket's due time). */
  | {
      readonly kind: 'requestTicketDocuments';
      readonly round: number;
      readonly request: TicketDocumentRequest;
      readonly dueAt: string;
    };

export interface ApprovalRequest {
  readonly claimId: string;
  readonly level: number;
  readonly unitCode: string;
  readonly approverIds: readonly string[];
  /** The seed of each approver's link (same order): the id is derived from it with the link key. */
  readonly linkSeeds: readonly string[];
  /** The Step Functions task token: it never leaves the server. */
  readonly taskToken: string;
  /**
   * How a decision resumes the task that holds `taskToken`, as the definition that issued it expects
   * (usecases/approval-handoff.ts): `outcome`, by success, Claim.Rejected or Claim.NextLevel; absent
   * (a token of the earlier definition, which reads every decision in its Approved Choice), by success
   * with the decision as output. Stored with each token it belongs to.
   */
  readonly handOff?: 'outcome';
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly decision: ApprovalOutcome | null;
  readonly closed: boolean;
  /** Set once the approvers' messages went out, so a redrive neither skips nor repeats them. */
  readonly notified: boolean;
  /**
   * The approver the level is assigned to: the one routed approver e-mailed when it opened (the hash's
   * pick, or the next one whose e-mail could be delivered). The others are e-mailed with the reminder.
   * Absent on levels opened before assignment (every approver was e-mailed) and until an e-mail went out.
   */
  readonly assignedTo?: string;
  /** Set when the level's approvers were reminded; `sent` once the reminders went out. */
  readonly reminder?: { readonly at: string; readonly sent: boolean };
  /** Set when the level closed without a decision and the claim moved on to another tier. */
  readonly escalation?: ApprovalEscalation;
  /**
   * What the approval page shows of the member (name, masked ID number), copied from the registry when
   * the level opens: the public approval page never reads the member registry. Absent on older levels.
   */
  readonly member?: { readonly name: string; readonly idNumberMasked: string } | null;
}

/** Why and where a level without a decision went. */
export interface ApprovalEscalation {
  readonly at: string;
  readonly reason: string;
  /** The level that now decides (the next tier's), or null when there was none (the claim failed). */
  readonly toLevel: number | null;
}

/** An approval link as stored: under the SHA-256 of its id (the id itself is never stored). */
export interface ApprovalLink {
  readonly linkHash: string;
  /** What the link id is derived from with the link key (see linkIdFromSeed). */
  readonly seed: string;
  readonly claimId: string;
  readonly level: number;
  readonly approverId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Why a change did not commit. */
export class ClaimConflictError extends Error {
  override readonly name = 'ClaimConflictError';
  constructor(
    readonly conflict:
      | 'stale-claim'
      | 'invalid-transition'
      | 'already-decided'
      | 'already-paid'
      | 'budget-exhausted'
      | 'no-budget'
      | 'cap-reached'
      | 'evidence-held'
      | 'flag-exists'
      | 'flag-resolved'
      | 'document-stored',
    message: string,
  ) {
    super(message);
  }
}

export interface ClaimsStore {
  create(input: NewClaim): Promise<CreateResult>;
  get(claimId: string): Promise<Claim | null>;
  timeline(claimId: string): Promise<AuditEvent[]>;
  /** The claim and its audit events together, in one read of the claim's partition (null: no such claim). */
  getWithTimeline(claimId: string): Promise<{ claim: Claim | null; timeline: AuditEvent[] }>;
  /** The same, with the claim's documents (oldest first), still in one read of its partition. */
  getWithTimelineAndDocuments(
    claimId: string,
  ): Promise<{ claim: Claim | null; timeline: AuditEvent[]; documents: ClaimDocument[] }>;
  /**
   * Applies a change if the claim is still at the version it was read at, appends its audit event,
   * and commits the linked writes in the same transaction. Throws ClaimConflictError otherwise.
   */
  change(claim: Claim, change: ClaimChange, linked?: readonly LinkedWrite[]): Promise<Claim>;
  /**
   * Applies several changes of one step in order as one transaction (one audit event each, chained in
   * order), as `change` does for one: a step that moves a claim through two statuses writes once.
   */
  changeSteps(claim: Claim, changes: readonly ClaimChange[], linked?: readonly LinkedWrite[]): Promise<Claim>;
  getApprovalRequest(claimId: string, level: number): Promise<ApprovalRequest | null>;
  /**
   * The claim with its approval levels (by level) and fraud flags, in one read of its partition: what an
   * approval link's page and decision need.
   */
  getWithApprovals(
    claimId: string,
  ): Promise<{ claim: Claim | null; approvals: ApprovalRequest[]; flags: StoredFlag[] }>;
  /** Creates the request and its links unless one exists for (claim, level); returns whether it did. */
  createApprovalRequest(request: ApprovalRequest, links: readonly ApprovalLink[]): Promise<boolean>;
  /**
   * A redriven callback step has a new task token; keep it where the link's POST finds it, with how a
   * decision resumes it (`handOff`; absent: the earlier definition's way, and any stored flag is removed).
   */
  replaceTaskToken(
    claimId: string,
    level: number,
    taskToken: string,
    handOff?: ApprovalRequest['handOff'],
  ): Promise<void>;
  /** The level's messages went out (and, when given, the approver it is assigned to was e-mailed). */
  markNotified(claimId: string, level: number, assignedTo?: string): Promise<void>;
  /** The reminders of a level went out (after a `remindApproval` linked write). */
  markReminderSent(claimId: string, level: number): Promise<void>;
  /** The link stored under the hash of its id (see linkHash). */
  getLink(linkHash: string): Promise<ApprovalLink | null>;
  /** The approval links made for an approver, newest first (eventually consistent). */
  listLinksOfApprover(approverId: string): Promise<ApprovalLink[]>;
  /**
   * The approval levels still open (no decision, not closed, not escalated), oldest first (eventually
   * consistent). Levels opened before open levels were indexed are not listed.
   */
  listOpenApprovals(): Promise<ApprovalRequest[]>;
  /**
   * The payee details of a payout round (1: those of the submission; later ones after a returned payout:
   * the member's own correction, or the details of the payee change confirmed for that round).
   */
  getPayee(claimId: string, round?: number): Promise<Payee | null>;
  /** The claim and the payee details of its first payout round, in one read (what a payout needs). */
  getWithFirstPayee(claimId: string): Promise<{ claim: Claim | null; payee: Payee | null }>;
}
