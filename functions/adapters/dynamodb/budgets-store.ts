import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RecordEvent } from '../../domain/audit.ts';
import type { BudgetsStore, BudgetView } from '../../ports/budgets-store.ts';
import { firstConditionFailed } from './conditions.ts';
import { registryKeys, stripKeys } from './keys.ts';
import { scanPages } from './query.ts';
import type { BudgetRef, TransactItem } from './transact.ts';

/**
 * The budget's side of a claim's ledger moves, as items of the claim change's transaction: committed is
 * what approved claims owe, paid what went out, available what is left to pay (allocated − paid).
 */
export const budgetItems = {
  /** An approved claim commits its amount (sign 1), or gives it back when it ends unpaid (−1). */
  commit(table: string, budget: BudgetRef, amountFen: number, sign: 1 | -1): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: registryKeys.budget(budget.unitCode, budget.programId, budget.year),
        UpdateExpression: 'SET committedFen = if_not_exists(committedFen, :zero) + :amount',
        ExpressionAttributeValues: { ':amount': sign * amountFen, ':zero': 0 },
      },
    };
  },

  /**
   * A payout: committed → paid, under the condition that what is available covers it (the item is
   * returned when the condition fails, which tells an exhausted budget from none).
   */
  pay(table: string, budget: BudgetRef, amountFen: number): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: registryKeys.budget(budget.unitCode, budget.programId, budget.year),
        UpdateExpression:
          'SET availableFen = availableFen - :amount, paidFen = paidFen + :amount, committedFen = if_not_exists(committedFen, :zero) - :amount',
        ConditionExpression: 'attribute_exists(pk) AND availableFen >= :amount',
        ExpressionAttributeValues: { ':amount': amountFen, ':zero': 0 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  },

  /**
   * A payout the bank returned: paid − amount, returned + amount, available + amount, and the claim is
   * owed it again until paid again (committed + amount).
   */
  returned(table: string, budget: BudgetRef, amountFen: number): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: registryKeys.budget(budget.unitCode, budget.programId, budget.year),
        UpdateExpression:
          'SET availableFen = availableFen + :amount, paidFen = paidFen - :amount, ' +
          'returnedFen = if_not_exists(returnedFen, :zero) + :amount, ' +
          'committedFen = if_not_exists(committedFen, :zero) + :amount',
        ConditionExpression: 'attribute_exists(pk) AND paidFen >= :amount',
        ExpressionAttributeValues: { ':amount': amountFen, ':zero': 0 },
      },
    };
  },
};

function toView(item: Record<string, unknown>): BudgetView {
  const b = stripKeys<Partial<BudgetView>>(item);
  const allocatedFen = Number(b.allocatedFen ?? 0);
  const paidFen = Number(b.paidFen ?? 0);
  return {
    unitCode: String(b.unitCode),
    programId: String(b.programId),
    year: Number(b.year),
    allocatedFen,
    committedFen: Number(b.committedFen ?? 0),
    paidFen,
    returnedFen: Number(b.returnedFen ?? 0),
    availableFen: Number(b.availableFen ?? allocatedFen - paidFen),
  };
}

export class DynamoBudgetsStore implements BudgetsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listForUnit(unitCode: string, year: number): Promise<BudgetView[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#year = :year',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: { ':pk': registryKeys.budget(unitCode, '', 0).pk, ':year': year },
      }),
    );
    return (out.Items ?? []).map(toView).sort((a, b) => a.programId.localeCompare(b.programId));
  }

  async get(unitCode: string, programId: string, year: number): Promise<BudgetView | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: registryKeys.budget(unitCode, programId, year),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? null : toView(out.Item);
  }

  async listYear(year: number): Promise<BudgetView[]> {
    const budgets: BudgetView[] = [];
    const pages = scanPages(this.doc, {
      TableName: this.table,
      FilterExpression: 'begins_with(pk, :budget) AND #year = :year',
      ExpressionAttributeNames: { '#year': 'year' },
      ExpressionAttributeValues: { ':budget': 'BUDGET#', ':year': year },
    });
    for await (const page of pages) for (const item of page.Items ?? []) budgets.push(toView(item));
    return budgets;
  }

  async setAllocation(
    key: { unitCode: string; programId: string; year: number },
    allocatedFen: number,
    event: RecordEvent,
  ): Promise<'set' | 'below-spent'> {
    // availableFen = allocated − paid, kept in the item so payouts can condition on it.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(key.unitCode, key.programId, key.year);
      const paidFen = current?.paidFen ?? 0;
      if (allocatedFen < paidFen) return 'below-spent';
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: registryKeys.budget(key.unitCode, key.programId, key.year),
                  UpdateExpression:
                    'SET allocatedFen = :allocated, availableFen = :available, paidFen = if_not_exists(paidFen, :zero), unitCode = :unit, programId = :program, #year = :year, #type = :type',
                  ConditionExpression:
                    current === null ? 'attribute_not_exists(pk)' : 'paidFen = :paid AND allocatedFen = :was',
                  ExpressionAttributeNames: { '#year': 'year', '#type': 'type' },
                  ExpressionAttributeValues: {
                    ':allocated': allocatedFen,
                    ':available': allocatedFen - paidFen,
                    ':zero': 0,
                    ':unit': key.unitCode,
                    ':program': key.programId,
                    ':year': key.year,
                    ':type': 'budget',
                    ...(current === null ? {} : { ':paid': paidFen, ':was': current.allocatedFen }),
                  },
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    ...registryKeys.budgetEvent(key.unitCode, event.at, randomUUID()),
                    type: 'event',
                    ...event,
                  },
                },
              },
            ],
          }),
        );
        return 'set';
      } catch (error) {
        // A payout or another change landed between the read and the write: read again.
        if (firstConditionFailed(error)) continue;
        throw error;
      }
    }
    throw new Error(`budget ${key.unitCode}/${key.programId}/${key.year} kept changing; try again`);
  }

  async history(unitCode: string): Promise<RecordEvent[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': registryKeys.budgetEvent(unitCode, '', '').pk },
      }),
    );
    return (out.Items ?? []).map((item) => stripKeys<RecordEvent>(item));
  }
}
