import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { transactWriteUnits } from './item-size.ts';

/** Requests and capacity units consumed on one table, as DynamoDB reported them (ReturnConsumedCapacity). */
export interface TableUsage {
  readUnits: number;
  writeUnits: number;
}

export interface CapacityTotals {
  readonly requests: Record<string, number>;
  readonly tables: Record<string, TableUsage>;
  /** Responses of commands that should report capacity but did not. */
  readonly unreported: number;
  /** TransactWriteItems requests whose units were computed by the published rules (see below). */
  readonly transactionsByRule: number;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface Consumed {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Counts every DynamoDB request of the clients it is attached to: asks each read and write but
 * TransactWriteItems for `ReturnConsumedCapacity: 'TOTAL'` and sums what comes back per table, reads
 * and writes apart (a command is a read or a write by its name: on-demand bills them as read and write
 * request units).
 * DynamoDB Local's figure for TransactWriteItems does not follow AWS's: it reports 2 units for each table
 * a transaction touches, whatever its items (two Puts and a ConditionCheck on one table: 2; AWS charges 2
 * per 1 KB of each item, a ConditionCheck included), so those are computed from the request by the
 * published rules instead (bench/lib/item-size.ts). Every other read and write is DynamoDB Local's figure.
 */
export class CapacityMeter {
  private requests = new Map<string, number>();
  private tables = new Map<string, TableUsage>();
  private unreported = 0;
  private transactionsByRule = 0;

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '').replace(/Command$/, '');
        const kind = READS.has(command) ? 'read' : WRITES.has(command) ? 'write' : null;
        // A transaction's units are computed from its request (below): asking DynamoDB Local for its own
        // figure would only cost its CPU (4-18% more for a transaction, npm run bench:dynamodb-local).
        if (kind !== null && command !== 'TransactWriteItems') {
          (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        }
        const result = await next(args);
        this.requests.set(command, (this.requests.get(command) ?? 0) + 1);
        if (command === 'TransactWriteItems') {
          const items = (args.input as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
          for (const [table, units] of Object.entries(transactWriteUnits(items))) {
            this.add({ TableName: table, WriteCapacityUnits: units }, 'write');
          }
          this.transactionsByRule += 1;
        } else if (kind !== null) {
          const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
          if (consumed === undefined) this.unreported += 1;
          for (const c of Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) {
            this.add(c, kind);
          }
        }
        return result;
      },
      { step: 'initialize', name: 'benchCapacityMeter', override: true },
    );
  }

  private add(c: Consumed, kind: 'read' | 'write'): void {
    const table = c.TableName ?? '?';
    const usage = this.tables.get(table) ?? { readUnits: 0, writeUnits: 0 };
    const split = c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined;
    if (split) {
      usage.readUnits += c.ReadCapacityUnits ?? 0;
      usage.writeUnits += c.WriteCapacityUnits ?? 0;
    } else if (kind === 'read') usage.readUnits += c.CapacityUnits ?? 0;
    else usage.writeUnits += c.CapacityUnits ?? 0;
    this.tables.set(table, usage);
  }

  reset(): void {
    this.requests.clear();
    this.tables.clear();
    this.unreported = 0;
    this.transactionsByRule = 0;
  }

  totals(): CapacityTotals {
    return {
      requests: Object.fromEntries(this.requests),
      tables: Object.fromEntries([...this.tables].map(([name, usage]) => [name, { ...usage }])),
      unreported: this.unreported,
      transactionsByRule: this.transactionsByRule,
    };
  }
}
