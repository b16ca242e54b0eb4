/**
 * `npm run verify-audit`: verifies the hash chain of every claim's audit events in the claims table of
 * the running local stack (or of AWS with `--aws --table NAME`), reports the first broken event of each
 * broken chain, and records or checks the daily digest of a day with `--digest YYYY-MM-DD`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditDigestStore } from '../../functions/adapters/dynamodb/audit-digest-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { claimKeys, stripKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { queryAll, scanPages } from '../../functions/adapters/dynamodb/query.ts';
import { LocalAuditArchive, localArchiveFile } from '../../functions/adapters/local-audit-archive.ts';
import { S3AuditArchive } from '../../functions/adapters/s3-audit-archive.ts';
import type { AuditEvent, Claim } from '../../functions/domain/claim.ts';
import type { AuditArchive } from '../../functions/ports/audit-archive.ts';
import { type ArchiveDigestsReport, verifyArchiveDigests } from '../../functions/usecases/archive-digest.ts';
import { type DigestOutcome, recordDailyDigest } from '../../functions/usecases/audit-digest.ts';
import {
  type AllChainsReport,
  type AuditChainSource,
  type ChainHead,
  readClaimRecord,
  verifyAllChains,
} from '../../functions/usecases/claim-audit.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { STACK_OPTIONS, STACK_USAGE, stackOrExit } from './stack-file.ts';

/** The claims table read for the audit: every claim's chain, the events of a day, the digests. */
export class DynamoAuditArchive extends DynamoAuditDigestStore implements AuditChainSource {
  /** The items of a consistent scan of the claims table, page after page. */
  private async *scan(input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    for await (const page of scanPages(this.doc, { ...input, TableName: this.table, ConsistentRead: true }))
      yield* page.Items ?? [];
  }

  eventsOf(claimId: string): Promise<AuditEvent[]> {
    return queryAll<AuditEvent>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': claimKeys.meta(claimId).pk, ':evt': 'EVT#' },
      ConsistentRead: true,
    });
  }

  async *chains(): AsyncIterable<{ head: ChainHead; events: AuditEvent[] }> {
    const heads = this.scan({
      FilterExpression: '#type = :claim AND sk = :meta',
      ProjectionExpression: '#claimId, #version, #lastEventHash',
      ExpressionAttributeNames: {
        '#type': 'type',
        '#claimId': 'claimId',
        '#version': 'version',
        '#lastEventHash': 'lastEventHash',
      },
      ExpressionAttributeValues: { ':claim': 'claim', ':meta': 'META' },
    });
    for await (const item of heads) {
      // A claim changed since the scan read its head: read both again, as of one moment.
      const { claim, events } = await readClaimRecord(
        {
          get: async () => {
            const out = await this.doc.send(
              new GetCommand({
                TableName: this.table,
                Key: claimKeys.meta(item.claimId as string),
                ConsistentRead: true,
              }),
            );
            return (out.Item as Claim | undefined) ?? null;
          },
          timeline: (claimId) => this.eventsOf(claimId),
        },
        item.claimId as string,
      );
      if (claim !== null) yield { head: claim, events };
    }
  }

  override async eventsBetween(fromIso: string, toIso: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    const items = this.scan({
      FilterExpression: '#type = :event AND #at >= :from AND #at < :to',
      ExpressionAttributeNames: { '#type': 'type', '#at': 'at' },
      ExpressionAttributeValues: { ':event': 'event', ':from': fromIso, ':to': toIso },
    });
    for await (const item of items) events.push(stripKeys<AuditEvent>(item));
    return events;
  }
}

export interface VerifyAuditResult {
  readonly report: AllChainsReport;
  readonly digest: DigestOutcome | null;
  /** The archive's hourly digests checked (null: no archive given, or one without digests). */
  readonly archiveDigests: ArchiveDigestsReport | null;
  /** The lines the command prints. */
  readonly lines: readonly string[];
  /** 1 when a chain is broken, the recorded digest differs or an hourly archive digest breaks, else 0. */
  readonly exitCode: 0 | 1;
}

/** The command without its process: verifies every chain and, given a date, records or checks its digest. */
export async function verifyAudit(
  archive: DynamoAuditArchive,
  options: { digestDate?: string; now?: Date; auditArchive?: AuditArchive | null } = {},
): Promise<VerifyAuditResult> {
  const report = await verifyAllChains(archive, { archive: options.auditArchive, now: options.now });
  const lines = report.broken.map(
    (b) => `BROKEN ${b.claimId}: first broken event seq ${b.seq} (${b.reason})`,
  );
  if (report.unchained.length > 0) {
    lines.push(
      `${report.unchained.length} claims began before hash chaining (their first events are unchained)`,
    );
  }
  if (report.pendingArchive.length > 0) {
    lines.push(
      `${report.pendingArchive.length} claims have events not archived yet (within the grace period): ${report.pendingArchive.join(', ')}`,
    );
  }
  if (options.auditArchive === undefined || options.auditArchive === null) {
    lines.push('no archive given: chains checked in the table alone');
  }
  lines.push(`${report.verified} chains verified, ${report.broken.length} broken`);
  const store = options.auditArchive;
  const archiveDigests =
    store instanceof LocalAuditArchive || store instanceof S3AuditArchive
      ? await verifyArchiveDigests(store)
      : null;
  if (archiveDigests !== null) {
    for (const b of archiveDigests.broken) lines.push(`ARCHIVE DIGEST ${b.hour} BROKEN: ${b.reason}`);
    lines.push(
      `${archiveDigests.checked} hourly archive digests checked, ${archiveDigests.broken.length} broken`,
    );
  }
  let digest: DigestOutcome | null = null;
  if (options.digestDate !== undefined) {
    digest = await recordDailyDigest(archive, options.digestDate, options.now ?? new Date());
    const d = digest.digest;
    lines.push(
      digest.outcome === 'written'
        ? `digest ${d.date} recorded: ${d.digest} (${d.claims} claims)`
        : digest.outcome === 'matches'
          ? `digest ${d.date} matches the recorded one: ${d.digest} (${d.claims} claims)`
          : `DIGEST ${d.date} DIFFERS: recorded ${digest.recorded.digest} (${digest.recorded.claims} claims) at ${digest.recorded.computedAt}, now ${d.digest} (${d.claims} claims)`,
    );
  }
  const exitCode =
    report.broken.length > 0 || digest?.outcome === 'differs' || (archiveDigests?.broken.length ?? 0) > 0
      ? 1
      : 0;
  return { report, digest, archiveDigests, lines, exitCode };
}

const usage = `Verifies the hash chain of every claim's audit events and compares it with the append-only archive
(a deleted tail, a moved head or a removed claim shows there). Reads the running local stack (npm start)
unless --aws.
  npm run verify-audit -- [--digest YYYY-MM-DD] [--table NAME]
  npm run verify-audit -- --aws --table NAME --archive-bucket BUCKET [--digest YYYY-MM-DD]
Options:
  --archive-bucket B     AWS: the Object Lock bucket the claims table's stream archives events to
  --digest DATE          record the digest of that Beijing day (never rewritten), or check the recorded one
  --table NAME           claims table; default the stack's claims table
  --aws                  AWS with the default credential chain and region; needs --table
${STACK_USAGE}
Exit status: 0 every chain verifies, 1 a broken chain or a digest that differs, 2 a usage or connection problem.`;

async function main(): Promise<void> {
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n`);
    process.exit(2);
  };
  let values: {
    digest?: string;
    'data-dir'?: string;
    port?: string;
    'sfn-port'?: string;
    'dynamodb-port'?: string;
    table?: string;
    aws?: boolean;
    'archive-bucket'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        digest: { type: 'string' },
        ...STACK_OPTIONS,
        table: { type: 'string' },
        aws: { type: 'boolean', default: false },
        'archive-bucket': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (values.aws && values.table === undefined) fail('--aws needs --table NAME (the deployed claims table)');
  if (values.aws && values['archive-bucket'] === undefined)
    fail('--aws needs --archive-bucket BUCKET (the audit archive the table is compared with)');
  const stack = values.aws ? null : stackOrExit(values);
  const table = values.table ?? stack?.tables.claims ?? 'claims';
  const endpoint = stack?.dynamoEndpoint ?? '';
  const client = values.aws
    ? new DynamoDBClient({})
    : new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 5 });
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    const message = (error as Error).message;
    fail(
      (error as Error).name === 'ResourceNotFoundException'
        ? `table ${table} does not exist${values.aws ? '' : ' (is this the endpoint of npm start?)'}`
        : values.aws
          ? `cannot reach DynamoDB: ${message}`
          : `DynamoDB Local does not answer at ${endpoint}: start the local stack with npm start (${message})`,
    );
  }
  try {
    const auditArchive: AuditArchive = values.aws
      ? new S3AuditArchive(new S3Client({}), values['archive-bucket'] as string)
      : new LocalAuditArchive(localArchiveFile(stack?.dataDir ?? '.data'));
    const result = await verifyAudit(new DynamoAuditArchive(documentClient(client), table), {
      digestDate: values.digest,
      auditArchive,
    });
    process.stdout.write(`${result.lines.join('\n')}\n`);
    process.exitCode = result.exitCode;
  } catch (error) {
    if (error instanceof RangeError) fail(error.message);
    throw error;
  } finally {
    client.destroy();
  }
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) await main();
