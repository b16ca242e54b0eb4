import type { RecordEvent } from '../domain/audit.ts';
import type { Actor, PayeeMasked } from '../domain/claim.ts';
import type { BankResult } from '../domain/payments/bank-result.ts';

/** A payout as the bank sees it: one instruction, sent in at most one batch, then confirmed or returned. */
export interface PayoutRecord {
  readonly payoutId: string;
  readonly claimId: string;
  readonly amountFen: number;
  readonly paidAt: string;
  /** The paying unit, whose budget paid: its finance office sends the batch. */
  readonly unitCode: string;
  readonly programId: string;
  readonly year: number;
  readonly batchId: string | null;
  readonly status: 'PENDING' | BankResult;
  readonly settledAt: string | null;
  readonly returnReason: string | null;
}

/** A daily batch of payout instructions of one paying unit (its Beijing date). */
export interface PaymentBatch {
  readonly batchId: string;
  readonly unitCode: string;
  /** The paying unit's path (batches cut before it was recorded have none, and are not in the list). */
  readonly unitPath?: string;
  readonly date: string;
  /** `cutting` while payouts are being assigned; `cut` once its lines are fixed for good. */
  readonly status: 'cutting' | 'cut';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly count: number;
  readonly totalFen: number;
}

/**
 * New payee details proposed by staff for a claim whose payout the bank returned (`CLAIM#<id>` /
 * `PAYEECHANGE#<changeId>`): they take effect only when a second person (other staff, or the member
 * through the SMS link) confirms. The item holds the details masked and their hash only: the full
 * details are personal data, kept in the claim's payee partition (`PAYEE#<id>` / `CHANGE#<changeId>`),
 * which the public link functions cannot read, and the payout round reads them once the change is
 * confirmed (ClaimsStore.getPayee).
 */
export interface PayeeChange {
  readonly changeId: string;
  readonly claimId: string;
  readonly memberId: string;
  /** The payout round that pays the new details: the one after the returned payout. */
  readonly round: number;
  readonly payeeMasked: PayeeMasked;
  /** The payee hash of the new details (domain/payments/payee-hash.ts), as recorded in the claim's audit event. */
  readonly payeeHash: string;
  readonly requestedBy: Actor;
  readonly requestedAt: string;
  /**
   * The change can be confirmed (by the member's SMS link or a second staff person) until then
   * (PAYEE_CHANGE_EXPIRY_DAYS); the table's TTL removes a change never confirmed, its link and its full
   * details, 30 days later.
   */
  readonly expiresAt: string;
  /** SHA-256 of the member's SMS link token (the token itself is stored nowhere). */
  readonly linkHash: string;
  /** SUPERSEDED: a later proposal replaced it (its member link had expired); it can no longer be confirmed. */
  readonly status: 'PENDING' | 'CONFIRMED' | 'SUPERSEDED';
  readonly confirmedBy?: Actor;
  readonly confirmedAt?: string;
}

/**
 * A bank result uploaded over the API whose RETURNED lines wait for a second person (`RECON#<id>`): the
 * file as uploaded and its SHA-256, who uploaded it, and once confirmed, who confirmed it.
 */
export interface PendingReconciliation {
  readonly reconciliationId: string;
  /** The file; empty when it came by upload (`uploadId`): too big for an item, it is read from there. */
  readonly text: string;
  /** The upload the file came by (`POST /uploads`), read again when the second person confirms. */
  readonly uploadId?: string;
  readonly fileSha256: string;
  readonly uploadedBy: Actor;
  readonly uploadedAt: string;
  /** The RETURNED lines waiting (row, payout, claim): what the second person is asked to confirm. */
  readonly waiting: readonly { row: number; payoutId: string; claimId: string; amountFen: number }[];
  /**
   * The lines can be confirmed until then (RECONCILIATION_EXPIRY_DAYS after the upload); the table's TTL
   * removes a reconciliation never confirmed 30 days later. Absent on one stored before reconciliations
   * expired: `reconciliationExpiresAt` reckons it from `uploadedAt`.
   */
  readonly expiresAt?: string;
  readonly status: 'PENDING' | 'APPLIED';
  readonly confirmedBy?: Actor;
  readonly confirmedAt?: string;
}

export interface PaymentsStore {
  /** A payout by id (null: no such payout). */
  getPayout(payoutId: string): Promise<PayoutRecord | null>;
  /** The unit's payouts in no batch yet, paid before `paidBefore` (ISO), oldest first. */
  unbatched(unitCode: string, paidBefore: string): Promise<PayoutRecord[]>;
  /** The payouts of a batch, in the order they were assigned to it. */
  batchPayouts(batchId: string): Promise<PayoutRecord[]>;
  getBatch(batchId: string): Promise<PaymentBatch | null>;
  /** Creates the batch unless it exists; returns whether it did. */
  createBatch(batch: PaymentBatch): Promise<boolean>;
  /**
   * Puts a payout in a batch that is still being cut, unless the payout is in a batch already; returns
   * whether it did. A payout is never in two batches.
   */
  assignToBatch(payoutId: string, batchId: string): Promise<boolean>;
  /** Fixes the batch's lines (status `cut`) with its control total; a batch already cut stays as it is. */
  finishBatch(batchId: string, total: { count: number; totalFen: number }): Promise<void>;
  /** Appends an audit event of a batch (cut, downloaded). */
  recordBatchEvent(batchId: string, event: RecordEvent): Promise<void>;
  batchEvents(batchId: string): Promise<RecordEvent[]>;
  getPayeeChange(claimId: string, changeId: string): Promise<PayeeChange | null>;
  /** Every payee change proposed for a claim. */
  payeeChangesOf(claimId: string): Promise<PayeeChange[]>;
  /**
   * Keeps for good the full details of the change confirmed for a payout round (their TTL removed, as
   * the change's was when it was confirmed); returns its id, or null when the round has no confirmed
   * change (the member gave the details themselves) or its details are gone.
   */
  keepDetailsOfConfirmedChange(claimId: string, round: number): Promise<string | null>;
  /** The payee change an SMS link (by the SHA-256 of its token) confirms. */
  payeeChangeOfLink(linkHash: string): Promise<PayeeChange | null>;
  /** Stores a bank result waiting for its second person; false when the id exists. */
  createReconciliation(reconciliation: PendingReconciliation): Promise<boolean>;
  getReconciliation(reconciliationId: string): Promise<PendingReconciliation | null>;
  /** Marks a pending reconciliation APPLIED by its confirmer; false when it was not PENDING any more. */
  settleReconciliation(reconciliationId: string, confirmedBy: Actor, at: string): Promise<boolean>;
}
