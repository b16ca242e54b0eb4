/**
 * `npm run payee-details-ttl`: a one-off for the bank details of payee
 * changes stored before they carried a TTL (`PAYEE#<claimId>` / `CHANGE#<changeId>` without `ttl`), in
 * the claims table of the running local stack (or of AWS with `--aws --table NAME`). The details of a
 * confirmed change are left as they are (kept: their round pays them); those of a change never confirmed
 * get the change's TTL, or, when the table already removed the change, a TTL of now (the table removes
 * them within days). Run it once after deploying; a second run finds nothing to do.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { isConditionFailure } from '../../functions/adapters/dynamodb/conditions.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { scanPages } from '../../functions/adapters/dynamodb/query.ts';
import { linkTtl } from '../../functions/domain/ids.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { STACK_OPTIONS, STACK_USAGE, stackOrExit } from './stack-file.ts';

export interface PayeeDetailsTtlReport {
  /** Details of confirmed changes: left without a TTL. */
  readonly kept: number;
  /** Details of changes never confirmed: given their change's TTL. */
  readonly expiring: number;
  /** Details whose change the table already removed: given a TTL of now. */
  readonly orphaned: number;
}

/** Gives the details of every change never confirmed a TTL; the details of confirmed changes stay. */
export async function expireUnconfirmedPayeeDetails(
  doc: DynamoDBDocumentClient,
  table: string,
  now: Date,
): Promise<PayeeDetailsTtlReport> {
  const counts = { kept: 0, expiring: 0, orphaned: 0 };
  const changeOf = async (claimId: string, changeId: string) =>
    (
      await doc.send(
        new GetCommand({
          TableName: table,
          Key: claimKeys.payeeChange(claimId, changeId),
          ConsistentRead: true,
        }),
      )
    ).Item;
  const setTtl = (key: { pk: string; sk: string }, update: 'SET #ttl = :ttl' | 'REMOVE #ttl', ttl?: number) =>
    doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ...(ttl === undefined ? {} : { ExpressionAttributeValues: { ':ttl': ttl } }),
      }),
    );
  const pages = scanPages(doc, {
    TableName: table,
    FilterExpression: 'begins_with(pk, :payee) AND begins_with(sk, :change) AND attribute_not_exists(#ttl)',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':payee': 'PAYEE#', ':change': 'CHANGE#' },
    ConsistentRead: true,
  });
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      const claimId = key.pk.slice('PAYEE#'.length);
      const changeId = key.sk.slice('CHANGE#'.length);
      const change = await changeOf(claimId, changeId);
      if (change?.status === 'CONFIRMED') {
        counts.kept++;
        continue;
      }
      const ttl =
        change === undefined
          ? Math.floor(now.getTime() / 1000)
          : typeof change.ttl === 'number'
            ? change.ttl
            : linkTtl(String(change.expiresAt));
      try {
        await setTtl(key, 'SET #ttl = :ttl', ttl);
      } catch (error) {
        if (isConditionFailure(error)) continue;
        throw error;
      }
      // A pending change confirmed meanwhile keeps its details (its payout round also takes the TTL off).
      if (change !== undefined && (await changeOf(claimId, changeId))?.status === 'CONFIRMED') {
        await setTtl(key, 'REMOVE #ttl');
        counts.kept++;
        continue;
      }
      if (change === undefined) counts.orphaned++;
      else counts.expiring++;
    }
  }
  return counts;
}

async function main(): Promise<void> {
  const usage = `Usage: npm run payee-details-ttl -- [--aws --table NAME]\n\n${STACK_USAGE}`;
  let values: {
    'data-dir'?: string;
    port?: string;
    'sfn-port'?: string;
    'dynamodb-port'?: string;
    aws?: boolean;
    table?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        ...STACK_OPTIONS,
        table: { type: 'string' },
        aws: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (values.aws && values.table === undefined) {
    process.stderr.write('--aws needs --table NAME (the deployed claims table)\n');
    process.exit(2);
  }
  const stack = values.aws ? null : stackOrExit(values);
  const table = values.table ?? stack?.tables.claims ?? 'claims';
  const client = values.aws
    ? new DynamoDBClient({})
    : new DynamoDBClient({
        endpoint: stack?.dynamoEndpoint ?? '',
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
        maxAttempts: 5,
      });
  try {
    const report = await expireUnconfirmedPayeeDetails(documentClient(client), table, new Date());
    process.stdout.write(
      `payee change details: ${report.kept} confirmed (kept), ${report.expiring} never confirmed ` +
        `(given their change's TTL), ${report.orphaned} whose change was removed (given a TTL of now)\n`,
    );
  } finally {
    client.destroy();
  }
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) await main();
