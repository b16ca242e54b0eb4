/**
 * DynamoDB Local's CPU per request, by kind of request: starts DynamoDB Local as the local runtime does
 * (`infra/local/dynamodb-local.ts`, extra JVM flags from DYNAMODB_LOCAL_JAVA_OPTS), creates the tables
 * of infra/tables.ts, then sends each kind of request the handlers send, at 16 in flight, from clients
 * built as the local runtime builds the handlers' (unsigned, keep-alive), and prints the JVM's CPU time
 * (user + system, from /proc) per request of each kind.
 *
 *   npm run bench:dynamodb-local -- [--requests 1000] [--warm-up 6000]
 *
 * `--warm-up` mixed requests go first (about what the end-to-end bench's 200 claims send), and their
 * CPU per request is printed too: from a fresh JVM, much of that is compiling. Each kind is then sent
 * plain and with ReturnConsumedCapacity TOTAL (as the end-to-end bench's capacity meter asks of every
 * request), in alternating blocks so that both see the same JIT state and machine load.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamodb/client.ts';
import { createTables } from '../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/free-port.ts';
import { unsigned } from '../infra/local/unsigned-requests.ts';
import { processCpuMs } from './lib/cpu.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    'warm-up': { type: 'string', default: '6000' },
  },
});
const REQUESTS = Number(values.requests);
const WARM_UP = Number(values['warm-up']);
const IN_FLIGHT = 16;
const CLAIMS = 400;

const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
const client = new DynamoDBClient({
  endpoint: dynamo.endpoint,
  region: 'us-east-1',
  credentials: LOCAL_CREDENTIALS,
});
unsigned(client);
let askCapacity = false;
client.middlewareStack.add(
  (next) => async (args) => {
    if (askCapacity) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    return next(args);
  },
  { step: 'initialize', name: 'askCapacity' },
);
const doc: DynamoDBDocumentClient = documentClient(client);
const { names } = await createTables(client, 'cpu-');
const claims = names.claims;
const registry = names.registry;

/** A claim item about the size and shape of the claims store's (about 1.3 KB, a nested map and list). */
function claimItem(n: number, version = 1) {
  const id = `C${String(n).padStart(8, '0')}`;
  return {
    pk: `CLAIM#${id}`,
    sk: 'CLAIM',
    gsi1pk: `MEMBER#M${n % 300}`,
    gsi1sk: `2026-12-05T10:00:00.000Z#${id}`,
    gsi2pk: `UNIT#BJ-HD-${String(n % 40).padStart(3, '0')}`,
    gsi2sk: `2026-12-05T10:00:00.000Z#${id}`,
    gsi3pk: 'MONTH#2026-12',
    gsi3sk: `2026-12-05T10:00:00.000Z#${id}`,
    unitPath: 'BJ/BJ-HD/BJ-HD-001',
    claimId: id,
    memberId: `M${n % 300}`,
    status: 'AWAITING_APPROVAL',
    version,
    benefit: 'skill-boost',
    amountFen: 120_000,
    submittedAt: '2026-12-05T10:00:00.000Z',
    member: { name: '张三', idNumberMasked: '110***********1234', unitCode: 'BJ-HD-001' },
    outcomes: { membership: 'verified', rules: 'passed', reasons: [] as string[] },
    levels: [{ level: 1, tier: 'grassroots', approvers: ['A1', 'A2'], openedAt: '2026-12-05T10:00:01.000Z' }],
    description: '职业技能提升补贴申请：参加市级电工中级培训并取得证书，申请报销培训费用。'.repeat(4),
    idempotencyKey: `idem-${id}`,
  };
}

function eventItem(n: number, seq: number) {
  return {
    pk: `CLAIM#C${String(n).padStart(8, '0')}`,
    sk: `EVENT#${String(seq).padStart(4, '0')}`,
    at: '2026-12-05T10:00:02.000Z',
    from: 'SUBMITTED',
    to: 'ASSESSED',
    by: 'system',
    hash: 'f'.repeat(64),
    previousHash: 'e'.repeat(64),
  };
}

/** Writes items 25 at a time. */
async function seed(table: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await doc.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
  }
}

// Claims with three events each (a 4-item partition), and as many with 19 (a 20-item partition), in
// the claims table; members in the registry.
const BIG = 1_000_000;
await seed(
  claims,
  Array.from({ length: CLAIMS }, (_, n) => [
    claimItem(n),
    ...[1, 2, 3].map((seq) => eventItem(n, seq)),
    claimItem(BIG + n),
    ...Array.from({ length: 19 }, (_, seq) => eventItem(BIG + n, seq + 1)),
  ]).flat(),
);
await seed(
  registry,
  Array.from({ length: CLAIMS }, (_, n) => ({
    pk: `MEMBER#M${n}`,
    sk: 'MEMBER',
    name: '张三',
    mobile: '13800000000',
    status: 'active',
    unitCode: 'BJ-HD-001',
  })),
);

let counter = 2_000_000;
const kinds: Record<string, (n: number) => Promise<unknown>> = {
  'GetItem, claims table (3 GSIs)': (n) =>
    doc.send(
      new GetCommand({ TableName: claims, Key: { pk: `CLAIM#C${String(n).padStart(8, '0')}`, sk: 'CLAIM' } }),
    ),
  'GetItem, registry table (no index)': (n) =>
    doc.send(new GetCommand({ TableName: registry, Key: { pk: `MEMBER#M${n}`, sk: 'MEMBER' } })),
  'Query, a claim partition (4 items)': (n) =>
    doc.send(
      new QueryCommand({
        TableName: claims,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CLAIM#C${String(n).padStart(8, '0')}` },
      }),
    ),
  'Query, a claim partition (20 items)': (n) =>
    doc.send(
      new QueryCommand({
        TableName: claims,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CLAIM#C${String(BIG + n).padStart(8, '0')}` },
      }),
    ),
  'BatchGetItem, 3 keys over 2 tables': (n) =>
    doc.send(
      new BatchGetCommand({
        RequestItems: {
          [claims]: {
            Keys: [
              { pk: `CLAIM#C${String(n).padStart(8, '0')}`, sk: 'CLAIM' },
              { pk: `CLAIM#C${String(n).padStart(8, '0')}`, sk: 'EVENT#0001' },
            ],
          },
          [registry]: { Keys: [{ pk: `MEMBER#M${n}`, sk: 'MEMBER' }] },
        },
      }),
    ),
  'PutItem, new event, condition attribute_not_exists': () => {
    counter += 1;
    return doc.send(
      new PutCommand({
        TableName: claims,
        Item: eventItem(counter, 1),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },
  'UpdateItem, claim, SET 2 with a version condition': (n) =>
    doc.send(
      new UpdateCommand({
        TableName: claims,
        Key: { pk: `CLAIM#C${String(n).padStart(8, '0')}`, sk: 'CLAIM' },
        UpdateExpression: 'SET #s = :s, notifiedAt = :at ADD version :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': 'AWAITING_APPROVAL',
          ':at': '2026-12-05T10:00:03.000Z',
          ':one': 1,
        },
      }),
    ),
  'TransactWriteItems, 1 Put': () => {
    counter += 1;
    return doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: claims,
              Item: eventItem(counter, 1),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  },
  'TransactWriteItems, claim Update + 2 Puts': (n) => {
    counter += 1;
    const pk = `CLAIM#C${String(n).padStart(8, '0')}`;
    return doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: claims,
              Key: { pk, sk: 'CLAIM' },
              UpdateExpression: 'SET #s = :s ADD version :one',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': 'AWAITING_APPROVAL', ':one': 1 },
            },
          },
          {
            Put: {
              TableName: claims,
              Item: eventItem(counter, 1),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: claims, Item: { ...eventItem(counter, 2), sk: `LINK#${counter}` } } },
        ],
      }),
    );
  },
};

/** Sends `count` requests of `send` at IN_FLIGHT; returns the JVM's CPU ms per request. */
async function measure(count: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const before = processCpuMs(dynamo.process.pid) ?? Number.NaN;
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < count; i = next++) await send(i);
    }),
  );
  const after = processCpuMs(dynamo.process.pid) ?? Number.NaN;
  return (after - before) / count;
}

const kindList = Object.values(kinds);
// About the end-to-end bench's mix a claim: Query 8 (a small and a large partition, 4 each), GetItem 8,
// TransactWriteItems 7, BatchGetItem 3, UpdateItem 2 (indexes into kindList, interleaved).
const MIX = [2, 0, 8, 3, 1, 7, 4, 2, 0, 8, 6, 3, 1, 7, 2, 0, 8, 4, 3, 1, 7, 2, 0, 8, 6, 3, 1, 4];
const warm = await measure(WARM_UP, (i) => {
  const kind = kindList[MIX[i % MIX.length] ?? 0];
  return kind ? kind(i % CLAIMS) : Promise.resolve();
});
const rows: [string, string, string][] = [
  ['request', 'plain', 'capacity'],
  [`warm-up: ${WARM_UP} mixed requests from a fresh JVM`, warm.toFixed(2), ''],
];
const BLOCKS = 4;
for (const [name, send] of Object.entries(kinds)) {
  const ms = [0, 0];
  for (let block = 0; block < 2 * BLOCKS; block++) {
    askCapacity = block % 2 === 1;
    ms[block % 2] =
      (ms[block % 2] ?? 0) + (await measure(REQUESTS / BLOCKS, (i) => send(i % CLAIMS))) / BLOCKS;
  }
  rows.push([name, (ms[0] ?? 0).toFixed(2), (ms[1] ?? 0).toFixed(2)]);
}
const flags = process.env.DYNAMODB_LOCAL_JAVA_OPTS ?? '';
console.log(
  `DynamoDB Local CPU per request, ms (${REQUESTS} of each kind plain and ${REQUESTS} with ReturnConsumedCapacity after the warm-up, ${IN_FLIGHT} in flight${flags ? `; extra JVM flags: ${flags}` : ''}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, plain, capacity] of rows) {
  console.log(`${name.padEnd(width)}  ${plain.padStart(6)}  ${capacity.padStart(8)}`);
}
client.destroy();
await dynamo.stop();
