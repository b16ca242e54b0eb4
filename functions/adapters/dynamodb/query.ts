import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from './keys.ts';

/** Every item a query finds, page after page (up to `limit`), without their key attributes. */
export async function queryAll<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) items.push(stripKeys<T>(item));
    start = out.LastEvaluatedKey;
  } while (start !== undefined && items.length < limit);
  return items.slice(0, limit);
}
