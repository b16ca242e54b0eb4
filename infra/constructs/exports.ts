import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.ts';
import type { ClaimFunction } from './claim-function.ts';
import { acknowledge } from './nag.ts';
import { accessLogBucket } from './safe-storage.ts';

/**
 * The evaluation-export bucket: S3-managed encryption, public access blocked, TLS only, versioned (an
 * export once written can be recovered even if overwritten or deleted), server access logs to a log
 * bucket of its own; old versions expire after two years. Functions get exactly the access FUNCTIONS
 * gives them (`exportFiles`) and the bucket's name in EXPORT_BUCKET.
 */
export class ExportStorage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'the export bucket');
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'exports/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(730) }],
    });
  }

  /** Gives a function the bucket's name and the access its definition asks for (none when it asks none). */
  bind(fn: ClaimFunction): void {
    const access = fn.def.exportFiles;
    if (access === undefined) return;
    fn.addEnvironment(ENV.exportBucket, this.bucket.bucketName);
    fn.addEnvironment(ENV.exportMode, 'aws');
    if (access === 'readWrite') this.bucket.grantReadWrite(fn);
    else this.bucket.grantRead(fn);
    if (fn.role !== undefined) {
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: 'Action::s3:GetObject*',
        reason:
          'Added by the CDK bucket grant: the GetObject variants (version, ACL, tagging) on the export bucket only.',
      });
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: 'Action::s3:GetBucket*',
        reason: 'Added by the CDK bucket grant on the export bucket only.',
      });
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: 'Action::s3:List*',
        reason: 'Added by the CDK bucket grant: listing the export bucket only.',
      });
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: `Resource::<${fn.stack.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*`,
        reason:
          'Export objects are keyed by export id, created at run time: the grant covers the objects of this bucket only.',
      });
      if (access === 'readWrite') {
        for (const action of ['s3:DeleteObject*', 's3:Abort*'])
          acknowledge(fn.role, {
            rule: 'IAM5',
            finding: `Action::${action}`,
            reason:
              'Added by the CDK read/write bucket grant on the export bucket only (the worker replaces partial files).',
          });
      }
    }
  }
}
