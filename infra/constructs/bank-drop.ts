import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  AccountRootPrincipal,
  AnyPrincipal,
  Effect,
  type IRole,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BANK_RESULTS_PREFIX } from '../../functions/domain/payments/bank-channel.ts';
import { acknowledge } from './nag.ts';

export interface BankDropProps {
  /** The function that applies each result file through the bank's channel. */
  readonly applier: IFunction & { readonly role?: IRole };
  /** Where the bucket's server access logs go. */
  readonly accessLogs: IBucket;
}

/**
 * The bank's channel for payment results: a private, versioned, TLS-only bucket whose `bank-results/`
 * prefix only the bank-integration role may write (the bucket policy denies PutObject there to every
 * other principal, admins included). Each new object raises an EventBridge "Object Created" event that
 * invokes the applier, which reads the file and applies it with its SHA-256 and `channel bank`.
 * Results uploaded by staff over the API take the other path: their RETURNED lines wait for a second person.
 */
export class BankDrop extends Construct {
  readonly bucket: Bucket;
  readonly integrationRole: Role;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: BankDropProps) {
    super(scope, id);
    this.integrationRole = new Role(this, 'BankIntegrationRole', {
      assumedBy: new AccountRootPrincipal(),
      description: "The bank integration: the only principal that may write the bank's result files",
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'bank-drop/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(3650) }],
    });
    // EventBridge notifications set on the bucket itself (no notification custom resource).
    (this.bucket.node.defaultChild as CfnBucket).addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );
    const results = this.bucket.arnForObjects(`${BANK_RESULTS_PREFIX}*`);
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheBankIntegrationWritesResults',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [results],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.integrationRole.roleArn } },
      }),
    );
    this.integrationRole.addToPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [results] }),
    );
    acknowledge(this.integrationRole, {
      rule: 'IAM5',
      finding: `Resource::<${this.logicalIdOf(this.bucket)}.Arn>/${BANK_RESULTS_PREFIX}*`,
      reason:
        'Result files are named by the bank per batch and day: the role writes the bank-results/ prefix only.',
    });
    props.applier.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [results] }),
    );
    if (props.applier.role !== undefined) {
      acknowledge(props.applier.role, {
        rule: 'IAM5',
        finding: `Resource::<${this.logicalIdOf(this.bucket)}.Arn>/${BANK_RESULTS_PREFIX}*`,
        reason: 'The applier reads the result files of the bank-results/ prefix only, named by the bank.',
      });
    }
    this.rule = new Rule(this, 'ResultDropped', {
      description: "A bank result file written under bank-results/: apply it through the bank's channel",
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: [{ prefix: BANK_RESULTS_PREFIX }] },
        },
      },
      targets: [new LambdaFunction(props.applier, { retryAttempts: 4, maxEventAge: Duration.hours(6) })],
    });
  }

  private logicalIdOf(bucket: Bucket): string {
    return bucket.stack.getLogicalId(bucket.node.defaultChild as CfnBucket);
  }
}
