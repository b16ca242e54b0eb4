import type { PaymentBatch } from './payments-store.ts';
import type { ScopedListPage, ScopedListQuery } from './scoped-list.ts';

/** The payment batches list (GET /payment-batches): newest first, by unit or every unit's, never a scan. */
export interface BatchList {
  page(query: ScopedListQuery<PaymentBatch>): Promise<ScopedListPage<PaymentBatch>>;
}

/** A batch's position in the list: newest first by creation, then by id. */
export const batchPosition = (batch: Pick<PaymentBatch, 'createdAt' | 'batchId'>) =>
  `${batch.createdAt}#${batch.batchId}`;
