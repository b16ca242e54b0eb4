import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { scanPages } from '../../functions/adapters/dynamodb/query.ts';

export type Item = Record<string, unknown>;

/** Every item of a table as stored (keys included), read with the test's own client (never through fault injection). */
export async function tableItems(ddb: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of scanPages(documentClient(ddb), { TableName: table }))
    items.push(...(page.Items ?? []));
  return items;
}
