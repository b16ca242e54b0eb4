import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { projectionOf, TABLES, type TableDef } from '../tables.ts';

/** CreateTable input for a table of infra/tables.ts (the same definition the CDK stack deploys). */
export function createTableInput(def: TableDef, name: string): CreateTableCommandInput {
  const attributes = new Set([
    def.partitionKey,
    def.sortKey,
    ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes:
      def.indexes.length === 0
        ? undefined
        : def.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: projectionOf(index),
          })),
  };
}

/** Creates every missing table; returns the physical names by table id. */
export async function createTables(
  client: DynamoDBClient,
  prefix = '',
): Promise<{ names: Record<keyof typeof TABLES, string>; created: string[] }> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const out = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of out.TableNames ?? []) existing.add(name);
    start = out.LastEvaluatedTableName;
  } while (start !== undefined);

  const created: string[] = [];
  const names = {} as Record<keyof typeof TABLES, string>;
  for (const def of Object.values(TABLES)) {
    const name = `${prefix}${def.localName}`;
    names[def.id] = name;
    if (existing.has(name)) {
      await addMissingIndexes(client, def, name);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(def, name)));
    if (def.ttlAttribute !== undefined) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
        }),
      );
    }
    created.push(name);
  }
  return { names, created };
}

/** Waits until a new index is ACTIVE: DynamoDB takes one index change of a table at a time. */
async function indexActive(client: DynamoDBClient, table: string, index: string): Promise<void> {
  for (;;) {
    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    const status = described.Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index)?.IndexStatus;
    if (status === 'ACTIVE' && described.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A table made by an earlier version (a data folder kept across upgrades) gains the indexes added to its
 * schema since, one at a time as DynamoDB takes them. Items written before carry no keys of a new index.
 */
async function addMissingIndexes(client: DynamoDBClient, def: TableDef, name: string): Promise<string[]> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const added: string[] = [];
  for (const index of def.indexes) {
    if (present.has(index.name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: projectionOf(index),
            },
          },
        ],
      }),
    );
    await indexActive(client, name, index.name);
    added.push(index.name);
  }
  return added;
}
