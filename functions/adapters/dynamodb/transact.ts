import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * One item of a DynamoDB transaction. Each store renders the items it owns (their keys, attributes and
 * conditions), so that another store can commit them in one transaction with its own (a claim change
 * and its linked writes).
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A budget as a transaction item names it: a unit's, for one program and year. */
export interface BudgetRef {
  readonly unitCode: string;
  readonly programId: string;
  readonly year: number;
}
