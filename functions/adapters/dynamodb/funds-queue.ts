import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BudgetKey, FundsQueue, WaitingClaim } from '../../ports/funds-queue.ts';
import { isConditionFailure } from './conditions.ts';
import { queryAll } from './query.ts';

/** A budget's queue is one partition of the claims table, sorted by submission time, then claim id. */
export function fundsKeys(budget: BudgetKey, submittedAt: string, claimId: string) {
  return {
    pk: `FUNDS#${budget.unitCode}#${budget.programId}#${budget.year}`,
    sk: `${submittedAt}#${claimId}`,
  };
}

export class DynamoFundsQueue implements FundsQueue {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async register(entry: Omit<WaitingClaim, 'waitingSince' | 'resumedToken'> & { at: string }): Promise<void> {
    const { at, ...rest } = entry;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: fundsKeys(entry.budget, entry.submittedAt, entry.claimId),
        UpdateExpression:
          'SET #type = :type, budget = :budget, claimId = :claim, submittedAt = :submitted, memberId = :member, ' +
          'amountFen = :amount, taskToken = :token, waitingSince = if_not_exists(waitingSince, :at), ' +
          'resumedToken = if_not_exists(resumedToken, :null)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'funds-wait',
          ':budget': rest.budget,
          ':claim': rest.claimId,
          ':submitted': rest.submittedAt,
          ':member': rest.memberId,
          ':amount': rest.amountFen,
          ':token': rest.taskToken,
          ':at': at,
          ':null': null,
        },
      }),
    );
  }

  list(budget: BudgetKey, limit = 1000): Promise<WaitingClaim[]> {
    return queryAll<WaitingClaim>(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': fundsKeys(budget, '', '').pk },
        ConsistentRead: true,
      },
      limit,
    );
  }

  async markResumed(entry: WaitingClaim, taskToken: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: fundsKeys(entry.budget, entry.submittedAt, entry.claimId),
          UpdateExpression: 'SET resumedToken = :token',
          ConditionExpression:
            'taskToken = :token AND (resumedToken <> :token OR attribute_not_exists(resumedToken))',
          ExpressionAttributeValues: { ':token': taskToken },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async remove(budget: BudgetKey, submittedAt: string, claimId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: fundsKeys(budget, submittedAt, claimId) }),
    );
  }
}
