import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/**
 * The server access-log bucket of a bucket of ours (`AccessLogs` in `scope`): encrypted, private, TLS only,
 * kept if the stack is deleted, logs expiring after 400 days. It logs nowhere itself (that would loop).
 */
export function accessLogBucket(scope: Construct, of: string): Bucket {
  const bucket = new Bucket(scope, 'AccessLogs', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ expiration: Duration.days(400) }],
  });
  acknowledge(bucket, {
    rule: 'S1',
    reason: `This is the access-log bucket of ${of}; logging it to itself would loop and to another log bucket only moves the finding.`,
  });
  return bucket;
}

/** A dead-letter queue (`DeadLetters` in `scope`): encrypted, TLS only, messages kept 14 days for an operator. */
export function deadLetterQueue(scope: Construct, reason: string): Queue {
  const queue = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, { rule: 'SQS3', reason });
  return queue;
}
