import type { RecordEvent } from '../domain/audit.ts';
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
  readonly date: string;
  /** `cutting` while payouts are being assigned; `cut` once its lines are fixed for good. */
  readonly status: 'cutting' | 'cut';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly count: number;
  readonly totalFen: number;
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
}
