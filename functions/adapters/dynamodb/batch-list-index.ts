import type { PaymentBatch } from '../../ports/payments-store.ts';
import { claimKeys } from './keys.ts';
import { type ScopedPartitions, scopedIndex } from './scoped-index.ts';

/** The payment batches' partitions of the byUnit and byMonth indexes. */
export const BATCH_PARTITIONS: ScopedPartitions = {
  unit: claimKeys.unitBatches,
  month: claimKeys.monthBatches,
};

/** A batch's index attributes for the batches list, set once when it is created. */
export function batchListIndex(batch: Pick<PaymentBatch, 'batchId' | 'unitCode' | 'createdAt'>) {
  return scopedIndex(BATCH_PARTITIONS, {
    unitCode: batch.unitCode,
    createdAt: batch.createdAt,
    id: batch.batchId,
  });
}
