import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, createTables } from '../../infra/local/create-tables.ts';
import { type DynamoLocal, LOCAL_CREDENTIALS, startDynamoLocal } from '../../infra/local/dynamodb-local.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { TABLES } from '../../infra/tables.ts';

describe('the local tables (DynamoDB Local)', () => {
  // A DynamoDB Local of its own: building an index waits on the database's background work, which the
  // other test files' traffic on the shared one can hold up for minutes.
  let db: DynamoLocal;
  let client: DynamoDBClient;
  beforeAll(async () => {
    db = await startDynamoLocal({ port: await freePort(), dataDir: null });
    client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(async () => {
    client.destroy();
    await db.stop();
  });

  it('gives a claims table made before the list indexes the indexes its schema has now', async () => {
    // Prepare: the claims table as an earlier version made it, with the byMember index only.
    const prefix = 'old-schema-';
    const before = { ...TABLES.claims, indexes: TABLES.claims.indexes.filter((i) => i.name === 'byMember') };
    await client.send(new CreateTableCommand(createTableInput(before, `${prefix}claims`)));

    // Act
    const { created } = await createTables(client, prefix);

    // Assess
    expect(created).toEqual([`${prefix}registry`]);
    const described = await client.send(new DescribeTableCommand({ TableName: `${prefix}claims` }));
    expect(
      (described.Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.Projection]).sort(),
    ).toEqual([
      ['byMember', { ProjectionType: 'ALL' }],
      ['byMonth', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['unitPath'] }],
      ['byUnit', { ProjectionType: 'KEYS_ONLY' }],
    ]);
  });
});
