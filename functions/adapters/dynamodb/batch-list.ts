import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BatchList } from '../../ports/batch-list.ts';
import type { PaymentBatch } from '../../ports/payments-store.ts';
import type { ScopedListPage, ScopedListQuery } from '../../ports/scoped-list.ts';
import { BATCH_PARTITIONS } from './batch-list-index.ts';
import { readScopedList } from './scoped-list.ts';

const BATCH_FIELDS: readonly (keyof PaymentBatch)[] = [
  'batchId',
  'unitCode',
  'unitPath',
  'date',
  'status',
  'createdAt',
  'createdBy',
  'count',
  'totalFen',
];

/** GET /payment-batches: a unit's or every unit's batches through the byUnit / byMonth indexes. */
export class DynamoBatchList implements BatchList {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  page(query: ScopedListQuery<PaymentBatch>): Promise<ScopedListPage<PaymentBatch>> {
    // Not the batch item's list of payout ids (the cut's bookkeeping, thousands of ids in a large batch).
    return readScopedList(this.doc, this.table, BATCH_PARTITIONS, query, BATCH_FIELDS);
  }
}
