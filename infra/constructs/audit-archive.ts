import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.ts';
import type { ClaimFunction } from './claim-function.ts';
import { acknowledge } from './nag.ts';
import { accessLogBucket, deadLetterQueue } from './safe-storage.ts';
import type { SchemaTable } from './tables.ts';

/**
 * How long every archived audit event is locked: ten years. The plan's evaluation is yearly, and
 * accounting records and vouchers of a union's funds are kept for at least ten (30 for ledgers under
 * the archives rules); the claims table keeps its own copy for as long as the claims are kept.
 */
export const ARCHIVE_RETENTION_DAYS = 3653;

/**
 * The audit archive in AWS: an S3 bucket with Object Lock in COMPLIANCE mode (no one, the root user
 * included, can delete or shorten the lock of an object for ARCHIVE_RETENTION_DAYS), versioned,
 * encrypted, TLS only, public access blocked, server access logs kept. The claims table's stream
 * (NEW_IMAGE, filtered to audit events) feeds it through the archiver function within a minute of
 * each commit; failed batches are retried, then kept in a dead-letter queue. Verifying functions read it.
 */
export class AuditArchiveStorage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'the audit archive');
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(ARCHIVE_RETENTION_DAYS)),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'audit-archive/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetters = deadLetterQueue(
      this,
      'This queue is the dead-letter queue of the archiver: it holds the stream positions that failed, for an operator',
    );
  }

  /** Gives a function the bucket's name and the access its definition asks for (none when it asks none). */
  bind(fn: ClaimFunction): void {
    const access = fn.def.auditArchive;
    if (access === undefined) return;
    fn.addEnvironment(ENV.auditArchiveBucket, this.bucket.bucketName);
    const events = this.bucket.arnForObjects('events/*');
    const digests = this.bucket.arnForObjects('digests/*');
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['events/*'] } },
      }),
    );
    // Appending is a put of a new key; nothing may delete (Object Lock refuses it anyway).
    const actions = access === 'append' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
    fn.addToRolePolicy(new PolicyStatement({ actions, resources: [events, digests] }));
    if (fn.role !== undefined) {
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/events/*`,
        reason:
          'Archive objects are keyed by claim, seq and hash, made at run time: the grant covers the events/ prefix of the archive bucket only.',
      });
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/digests/*`,
        reason:
          'Hourly digests are keyed by hour: the grant covers the digests/ prefix of the archive bucket only.',
      });
    }
  }

  /** Feeds a function from the claims table's stream, audit events only, retried and then dead-lettered. */
  feedFromStream(fn: ClaimFunction, table: SchemaTable): void {
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        bisectBatchOnError: true,
        retryAttempts: 20,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { type: { S: FilterRule.isEqual('event') } } },
          }),
        ],
      }),
    );
  }
}
