import { Readable } from 'node:stream';
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../../../bench/lib/capacity.ts';

/** A client whose requests never leave the process: it records each body and answers with `answer`. */
function recordingClient(answer: Record<string, unknown>) {
  const bodies: Record<string, unknown>[] = [];
  const client = new DynamoDBClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        bodies.push(JSON.parse(String(request.body)) as Record<string, unknown>);
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(answer))]),
          },
        };
      },
    },
  });
  return { client, bodies };
}

describe('bench capacity meter', () => {
  it('asks a read for its consumed capacity and counts what DynamoDB reports', async () => {
    // Prepare
    const meter = new CapacityMeter();
    const { client, bodies } = recordingClient({
      ConsumedCapacity: { TableName: 'claims', CapacityUnits: 0.5 },
    });
    meter.attach(client);

    // Act
    await client.send(
      new GetItemCommand({ TableName: 'claims', Key: { pk: { S: 'CLAIM#1' }, sk: { S: 'CLAIM' } } }),
    );

    // Assess
    expect(bodies[0]?.ReturnConsumedCapacity).toBe('TOTAL');
    expect(meter.totals()).toMatchObject({
      requests: { GetItem: 1 },
      tables: { claims: { readUnits: 0.5, writeUnits: 0 } },
      unreported: 0,
    });
  });

  it('does not ask a transaction for its capacity: its units come from the request by the published rules', async () => {
    // Prepare
    const meter = new CapacityMeter();
    const { client, bodies } = recordingClient({});
    meter.attach(client);

    // Act
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'claims', Item: { pk: { S: 'CLAIM#1' }, sk: { S: 'EVENT#1' } } } },
          { Put: { TableName: 'claims', Item: { pk: { S: 'CLAIM#1' }, sk: { S: 'EVENT#2' } } } },
        ],
      }),
    );

    // Assess: two small Puts, 2 WRU each
    expect(bodies[0]).not.toHaveProperty('ReturnConsumedCapacity');
    expect(meter.totals()).toMatchObject({
      requests: { TransactWriteItems: 1 },
      tables: { claims: { readUnits: 0, writeUnits: 4 } },
      transactionsByRule: 1,
      unreported: 0,
    });
  });
});
