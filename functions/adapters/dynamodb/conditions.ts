import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** A transaction cancelled because its first item's condition failed (usually: the item already exists). */
export function firstConditionFailed(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}

/** A single write whose condition failed. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
