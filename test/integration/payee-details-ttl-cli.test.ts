import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { createTables } from '../../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { expireUnconfirmedPayeeDetails } from '../../infra/local/payee-details-ttl-cli.ts';

const NOW = new Date('2026-12-05T00:00:00.000Z');
const details = {
  name: '黄晓彤',
  bankName: '中国建设银行北京西城支行',
  accountNumber: '6217000010009997777',
};

describe('payee-details-ttl-cli: details of changes stored before they carried a TTL (DynamoDB Local)', () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  let table: string;

  const put = (item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: table, Item: item }));
  const item = async (key: { pk: string; sk: string }) =>
    (await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  /** A change as stored before: its details without a TTL, the change itself (when the table still has it). */
  async function stored(claimId: string, changeId: string, change: Record<string, unknown> | null) {
    await put({ ...claimKeys.payeeOfChange(claimId, changeId), type: 'payeeOfChange', ...details });
    if (change !== null) {
      await put({
        ...claimKeys.payeeChange(claimId, changeId),
        type: 'payeeChange',
        changeId,
        claimId,
        ...change,
      });
    }
  }

  beforeAll(async () => {
    table = (await createTables(client, 'payee-details-ttl-')).names.claims;
  }, 60_000);

  it('keeps the details of a confirmed change; gives the others their change’s TTL, or now when the change is gone', async () => {
    // Prepare
    const confirmed = ['C01PAYEEDETAILSTTL000000001', 'aaaaaaaaaaaaaaaa'] as const;
    const pending = ['C01PAYEEDETAILSTTL000000002', 'bbbbbbbbbbbbbbbb'] as const;
    const superseded = ['C01PAYEEDETAILSTTL000000003', 'cccccccccccccccc'] as const;
    const orphan = ['C01PAYEEDETAILSTTL000000004', 'dddddddddddddddd'] as const;
    await stored(...confirmed, { status: 'CONFIRMED', expiresAt: '2026-11-18T00:00:00.000Z' });
    await stored(...pending, {
      status: 'PENDING',
      expiresAt: '2026-11-18T00:00:00.000Z',
      ttl: 1_797_984_000,
    });
    await stored(...superseded, { status: 'SUPERSEDED', expiresAt: '2026-11-20T00:00:00.000Z' });
    await stored(...orphan, null);
    // Act
    const first = await expireUnconfirmedPayeeDetails(doc, table, NOW);
    const second = await expireUnconfirmedPayeeDetails(doc, table, NOW);
    // Assess
    expect(first).toEqual({ kept: 1, expiring: 2, orphaned: 1 });
    expect(second).toEqual({ kept: 1, expiring: 0, orphaned: 0 });
    expect(await item(claimKeys.payeeOfChange(...confirmed))).toEqual({
      ...claimKeys.payeeOfChange(...confirmed),
      type: 'payeeOfChange',
      ...details,
    });
    expect(await item(claimKeys.payeeOfChange(...pending))).toMatchObject({ ...details, ttl: 1_797_984_000 });
    // Stored without a TTL of its own: the one its expiry gives (30 days later).
    expect(await item(claimKeys.payeeOfChange(...superseded))).toMatchObject({
      ttl: Date.parse('2026-12-20T00:00:00.000Z') / 1000,
    });
    expect(await item(claimKeys.payeeOfChange(...orphan))).toMatchObject({ ttl: NOW.getTime() / 1000 });
  });
});
