import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.ts';
import {
  DOCUMENT_RETENTION_DAYS,
  DOCUMENTS_PREFIX,
  NONCURRENT_VERSION_DAYS,
} from '../../functions/domain/documents/retention.ts';
import { UPLOAD_RETENTION_DAYS, UPLOADS_PREFIX } from '../../functions/domain/uploads/upload.ts';
import type { ClaimFunction } from './claim-function.ts';
import { acknowledge } from './nag.ts';

export interface DocumentStorageProps {
  /** Where the bucket's server access logs go. */
  readonly accessLogs: IBucket;
  /** The origin the members' and staff's pages post upload forms from (the API's links). */
  readonly uploadOrigin: string;
  /** Other origins that post upload forms (the staff console's, for a bank's result and a member list). */
  readonly moreUploadOrigins?: readonly string[];
}

/**
 * Claims' documents: a private bucket (S3-managed encryption, public access blocked, TLS only, versioned,
 * server access logs, kept if the stack is deleted). Members and staff upload by presigned POST only
 * (the form's policy fixes the key, the type, the size and the SHA-256); each new object raises an
 * EventBridge "Object Created" event whose function checks it and stores it or removes it. Objects
 * expire after the voucher retention (30 years); versions no longer current after 90 days. Staff's
 * file uploads (`uploads/`: a bank's result, a member list, up to 50 MiB) share the bucket under their
 * own prefix and grants, and expire after 30 days.
 */
export class DocumentStorage extends Construct {
  readonly bucket: Bucket;
  readonly rule: Rule;
  private readonly documents: string;
  private readonly uploads: string;

  constructor(scope: Construct, id: string, props: DocumentStorageProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          allowedMethods: [HttpMethods.POST],
          allowedOrigins: [props.uploadOrigin, ...(props.moreUploadOrigins ?? [])],
          allowedHeaders: ['*'],
        },
      ],
      lifecycleRules: [
        {
          id: 'VoucherRetention',
          prefix: DOCUMENTS_PREFIX,
          expiration: Duration.days(DOCUMENT_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          // Staff's file uploads (a bank's result, a member list): what they produced is the record.
          id: 'UploadsExpire',
          prefix: UPLOADS_PREFIX,
          expiration: Duration.days(UPLOAD_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'ExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
      ],
    });
    // EventBridge notifications set on the bucket itself (no notification custom resource).
    (this.bucket.node.defaultChild as CfnBucket).addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );
    this.documents = this.bucket.arnForObjects(`${DOCUMENTS_PREFIX}*`);
    this.uploads = this.bucket.arnForObjects(`${UPLOADS_PREFIX}*`);
    this.rule = new Rule(this, 'DocumentUploaded', {
      description: 'A document uploaded by its form: check it against its declaration, keep or remove it',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: [{ prefix: DOCUMENTS_PREFIX }] },
        },
      },
    });
  }

  /** Gives a function the bucket's name and the access its definition asks for; the checker gets the events. */
  bind(fn: ClaimFunction): void {
    const access = fn.def.documentFiles;
    if (access === undefined) return;
    fn.addEnvironment(ENV.documentsBucket, this.bucket.bucketName);
    const bucketArn = `Resource::<${fn.stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    const objects = `${bucketArn}/${DOCUMENTS_PREFIX}*`;
    if (fn.role !== undefined && (access === 'upload' || access === 'takeUploads')) {
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: `${bucketArn}/${UPLOADS_PREFIX}*`,
        reason:
          'Staff uploads are keyed by a random upload id made at run time: the grant covers the uploads prefix of this bucket only.',
      });
    }
    if (access === 'takeUploads') {
      // Reads the file a route takes by its upload id; nothing of the claims' documents.
      fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.uploads] }));
      return;
    }
    if (access === 'upload') {
      // A presigned POST is signed with the function's credentials: S3 lets the form put what the role may.
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.documents, this.uploads] }),
      );
    } else if (access === 'view') {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.documents] }));
      // The thumbnail made on a document's first view, kept beside it; it may write no other object.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.bucket.arnForObjects(`${DOCUMENTS_PREFIX}*.thumb.jpg`)],
        }),
      );
      if (fn.role !== undefined) {
        acknowledge(fn.role, {
          rule: 'IAM5',
          finding: `${objects}.thumb.jpg`,
          reason:
            'A thumbnail is kept beside its document, whose key holds a claim and a random document id: the grant covers thumbnails of the documents prefix only.',
        });
      }
    } else if (access === 'store') {
      // The member's upload page puts a checked file, and removes it (every version) when it cannot be kept.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
          resources: [this.documents],
        }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucketVersions'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${DOCUMENTS_PREFIX}*`] } },
        }),
      );
    } else {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
          resources: [this.documents],
        }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucketVersions'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${DOCUMENTS_PREFIX}*`] } },
        }),
      );
      this.rule.addTarget(new LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(6) }));
    }
    if (fn.role !== undefined) {
      acknowledge(fn.role, {
        rule: 'IAM5',
        finding: objects,
        reason:
          'Documents are keyed by claim and a random document id made at run time: the grant covers the documents prefix of this bucket only.',
      });
    }
  }
}
