import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RecordEvent } from '../../domain/audit.ts';
import type { Actor, PayoutOutcome } from '../../domain/claim.ts';
import { linkTtl } from '../../domain/ids.ts';
import { confirmedChangeOf } from '../../domain/payments/payee-change.ts';
import { parsePayoutId } from '../../domain/payments/payout-ref.ts';
import { reconciliationExpiresAt } from '../../domain/payments/pending-expiry.ts';
import type { LinkedWrite, Payee } from '../../ports/claims-store.ts';
import type {
  PayeeChange,
  PaymentBatch,
  PaymentsStore,
  PayoutRecord,
  PendingReconciliation,
} from '../../ports/payments-store.ts';
import { batchListIndex } from './batch-list-index.ts';
import { isConditionFailure } from './conditions.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryAll } from './query.ts';
import type { BudgetRef, TransactItem } from './transact.ts';

/** The payout items a claim change writes with it (see {@link toRecord} for how they read back). */
export const payoutItems = {
  /**
   * A claim's payout of a round, written once, pending and in no batch: indexed under its paying unit
   * until a batch takes it (byMember index).
   */
  record(table: string, claimId: string, payout: PayoutOutcome, budget: BudgetRef): TransactItem {
    const round = parsePayoutId(payout.payoutId)?.round ?? 1;
    const { unitCode, programId, year } = budget;
    return {
      Put: {
        TableName: table,
        Item: {
          ...claimKeys.payout(claimId, round),
          type: 'payout',
          gsi1pk: claimKeys.unbatched(unitCode),
          gsi1sk: `${payout.paidAt}#${payout.payoutId}`,
          claimId,
          ...payout,
          unitCode,
          programId,
          year,
          batchId: null,
          status: 'PENDING',
          settledAt: null,
          returnReason: null,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  },

  /** The bank confirmed or returned a payout sent in a batch, under the condition that it is still pending. */
  settle(
    table: string,
    claimId: string,
    result: Extract<LinkedWrite, { kind: 'confirmPayout' | 'returnPayout' }>,
  ): TransactItem {
    const round = parsePayoutId(result.payoutId)?.round ?? 1;
    return {
      Update: {
        TableName: table,
        Key: claimKeys.payout(claimId, round),
        UpdateExpression: 'SET #status = :status, settledAt = :at, returnReason = :reason',
        ConditionExpression: 'payoutId = :payout AND #status = :pending AND batchId <> :null',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': result.kind === 'confirmPayout' ? 'CONFIRMED' : 'RETURNED',
          ':at': result.at,
          ':reason': result.kind === 'returnPayout' ? result.reason : null,
          ':payout': result.payoutId,
          ':pending': 'PENDING',
          ':null': null,
        },
      },
    };
  },
};

/** The full details of a payee change kept for good: their TTL removed, under the condition that they exist. */
const keepDetailsUpdate = (table: string, claimId: string, changeId: string) => ({
  TableName: table,
  Key: claimKeys.payeeOfChange(claimId, changeId),
  UpdateExpression: 'REMOVE #ttl',
  ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeNames: { '#ttl': 'ttl' },
});

/** The payee change items a claim change writes with it, each under a condition on its state. */
export const payeeChangeItems = {
  /**
   * Staff proposed new payee details: the change (masked), its full details in the payee partition and
   * the member's SMS link to confirm it, each written once. All three carry the table's TTL (`ttl`), 30
   * days after the change expires: a change nobody confirmed (or one a later proposal superseded) is
   * removed with its bank details. Confirming takes the change's TTL off, and staff confirming take the
   * details' off in the same transaction ({@link payeeChangeItems.keepDetails}); the member confirms
   * through the public link function, which is denied the payee partition, so the payout round's first
   * step (DynamoPaymentsStore.keepDetailsOfConfirmedChange) takes it off then.
   */
  propose(table: string, claimId: string, change: PayeeChange, payee: Payee): TransactItem[] {
    const ttl = linkTtl(change.expiresAt);
    return [
      {
        Put: {
          TableName: table,
          Item: { ...claimKeys.payeeChange(claimId, change.changeId), type: 'payeeChange', ...change, ttl },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: table,
          Item: {
            ...claimKeys.payeeOfChange(claimId, change.changeId),
            type: 'payeeOfChange',
            name: payee.name,
            bankName: payee.bankName,
            accountNumber: payee.accountNumber,
            ttl,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: table,
          Item: {
            ...claimKeys.payeeLink(change.linkHash),
            type: 'payeeLink',
            claimId,
            changeId: change.changeId,
            expiresAt: change.expiresAt,
            ttl,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  },

  /** A pending change replaced by a later proposal. */
  supersede(table: string, claimId: string, changeId: string, at: string): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: claimKeys.payeeChange(claimId, changeId),
        UpdateExpression: 'SET #status = :superseded, supersededAt = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':superseded': 'SUPERSEDED', ':pending': 'PENDING', ':at': at },
      },
    };
  },

  /** The full details of a change kept for good (their TTL removed); never an item of its own. */
  keepDetails(table: string, claimId: string, changeId: string): TransactItem {
    return { Update: keepDetailsUpdate(table, claimId, changeId) };
  },

  /** A pending change confirmed by a second person: kept for good (its TTL removed). */
  confirm(table: string, claimId: string, changeId: string, confirmedBy: Actor, at: string): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: claimKeys.payeeChange(claimId, changeId),
        UpdateExpression: 'SET #status = :confirmed, confirmedBy = :by, confirmedAt = :at REMOVE #ttl',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':confirmed': 'CONFIRMED',
          ':pending': 'PENDING',
          ':by': confirmedBy,
          ':at': at,
        },
      },
    };
  },
};

/** Payout records as stored with their claim (older records lack the bank fields: pending, unbatched). */
function toRecord(item: Record<string, unknown>): PayoutRecord {
  const p = stripKeys<Partial<PayoutRecord>>(item);
  return {
    payoutId: String(p.payoutId),
    claimId: String(p.claimId),
    amountFen: Number(p.amountFen),
    paidAt: String(p.paidAt),
    unitCode: String(p.unitCode ?? ''),
    programId: String(p.programId ?? ''),
    year: Number(p.year ?? 0),
    batchId: p.batchId ?? null,
    status: p.status ?? 'PENDING',
    settledAt: p.settledAt ?? null,
    returnReason: p.returnReason ?? null,
  };
}

/** Payouts, batches and their audit events in the claims table; unbatched and batched payouts by index. */
export class DynamoPaymentsStore implements PaymentsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getPayout(payoutId: string): Promise<PayoutRecord | null> {
    const ref = parsePayoutId(payoutId);
    if (ref === null) return null;
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: claimKeys.payout(ref.claimId, ref.round),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined || out.Item.payoutId !== payoutId ? null : toRecord(out.Item);
  }

  async unbatched(unitCode: string, paidBefore: string): Promise<PayoutRecord[]> {
    const items = await queryAll<Record<string, unknown>>(this.doc, {
      TableName: this.table,
      IndexName: 'byMember',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
      ExpressionAttributeValues: { ':pk': claimKeys.unbatched(unitCode), ':before': paidBefore },
    });
    return items.map(toRecord);
  }

  async batchPayouts(batchId: string): Promise<PayoutRecord[]> {
    // The batch item lists its payouts (read consistently), so its lines never depend on an index catching up.
    const batch = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.batch(batchId), ConsistentRead: true }),
    );
    const ids = (batch.Item?.payoutIds ?? []) as string[];
    const payouts: PayoutRecord[] = [];
    for (let i = 0; i < ids.length; i += 25) {
      const read = await Promise.all(ids.slice(i, i + 25).map((id) => this.getPayout(id)));
      for (const payout of read) if (payout !== null) payouts.push(payout);
    }
    return payouts;
  }

  async getBatch(batchId: string): Promise<PaymentBatch | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.batch(batchId), ConsistentRead: true }),
    );
    if (out.Item === undefined) return null;
    const { payoutIds: _ids, ...batch } = stripKeys<PaymentBatch & { payoutIds?: string[] }>(out.Item);
    return batch;
  }

  async createBatch(batch: PaymentBatch): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...claimKeys.batch(batch.batchId),
            type: 'batch',
            // Listed by unit and month (GET /payment-batches), once its unit path is known.
            ...(batch.unitPath === undefined ? {} : batchListIndex(batch)),
            ...batch,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async assignToBatch(payoutId: string, batchId: string): Promise<boolean> {
    const ref = parsePayoutId(payoutId);
    if (ref === null) return false;
    try {
      // Only while the batch is being cut, and only a payout in no batch: never in two, never late.
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: claimKeys.batch(batchId),
                UpdateExpression: 'SET payoutIds = list_append(if_not_exists(payoutIds, :none), :one)',
                ConditionExpression: '#status = :cutting',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':cutting': 'cutting', ':none': [], ':one': [payoutId] },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: claimKeys.payout(ref.claimId, ref.round),
                UpdateExpression: 'SET batchId = :batch, gsi1pk = :pk',
                ConditionExpression:
                  'payoutId = :payout AND (attribute_not_exists(batchId) OR batchId = :null)',
                ExpressionAttributeValues: {
                  ':batch': batchId,
                  ':pk': claimKeys.batchPayouts(batchId),
                  ':payout': payoutId,
                  ':null': null,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  async finishBatch(batchId: string, total: { count: number; totalFen: number }): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: claimKeys.batch(batchId),
          UpdateExpression: 'SET #status = :cut, #count = :count, totalFen = :total',
          ConditionExpression: '#status = :cutting',
          ExpressionAttributeNames: { '#status': 'status', '#count': 'count' },
          ExpressionAttributeValues: {
            ':cut': 'cut',
            ':cutting': 'cutting',
            ':count': total.count,
            ':total': total.totalFen,
          },
        }),
      );
    } catch (error) {
      // Another cut of the same batch finished it first, with the same lines.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordBatchEvent(batchId: string, event: RecordEvent): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...claimKeys.batchEvent(batchId, event.at, randomUUID()), type: 'batch-event', ...event },
      }),
    );
  }

  batchEvents(batchId: string): Promise<RecordEvent[]> {
    return queryAll<RecordEvent>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': claimKeys.batch(batchId).pk, ':evt': 'EVT#' },
      ConsistentRead: true,
    });
  }

  async getPayeeChange(claimId: string, changeId: string): Promise<PayeeChange | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: claimKeys.payeeChange(claimId, changeId),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? null : stripKeys<PayeeChange>(out.Item);
  }

  payeeChangesOf(claimId: string): Promise<PayeeChange[]> {
    return queryAll<PayeeChange>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':pk': claimKeys.meta(claimId).pk, ':change': 'PAYEECHANGE#' },
      ConsistentRead: true,
    });
  }

  async keepDetailsOfConfirmedChange(claimId: string, round: number): Promise<string | null> {
    const confirmed = confirmedChangeOf(await this.payeeChangesOf(claimId), round);
    if (confirmed === undefined) return null;
    try {
      // Never creates an item: details already removed stay removed (the payout then finds none).
      await this.doc.send(new UpdateCommand(keepDetailsUpdate(this.table, claimId, confirmed.changeId)));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return null;
    }
    return confirmed.changeId;
  }

  async payeeChangeOfLink(linkHash: string): Promise<PayeeChange | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.payeeLink(linkHash), ConsistentRead: true }),
    );
    if (out.Item === undefined) return null;
    return this.getPayeeChange(String(out.Item.claimId), String(out.Item.changeId));
  }

  async createReconciliation(reconciliation: PendingReconciliation): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...claimKeys.reconciliation(reconciliation.reconciliationId),
            type: 'reconciliation',
            ...reconciliation,
            // Removed 30 days after it expires if nobody confirmed it (an applied one is kept).
            ttl: linkTtl(reconciliationExpiresAt(reconciliation)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getReconciliation(reconciliationId: string): Promise<PendingReconciliation | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: claimKeys.reconciliation(reconciliationId),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? null : stripKeys<PendingReconciliation>(out.Item);
  }

  async settleReconciliation(reconciliationId: string, confirmedBy: Actor, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: claimKeys.reconciliation(reconciliationId),
          UpdateExpression: 'SET #status = :applied, confirmedBy = :by, confirmedAt = :at REMOVE #ttl',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':applied': 'APPLIED',
            ':pending': 'PENDING',
            ':by': confirmedBy,
            ':at': at,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
