import { S3Client } from '@aws-sdk/client-s3';
import type { App, CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3DocumentFiles } from '../../functions/adapters/s3-document-files.ts';
import { ENV } from '../../functions/config.ts';
import { documentObjectKey, MAX_DOCUMENT_BYTES } from '../../functions/domain/documents/document.ts';
import { DOCUMENT_RETENTION_DAYS } from '../../functions/domain/documents/retention.ts';
import { decodePolicy } from '../../functions/domain/documents/upload-policy.ts';
import { UPLOAD_RETENTION_DAYS } from '../../functions/domain/uploads/upload.ts';
import { entriesOf } from '../../infra/constructs/project.ts';
import { FUNCTIONS, type FunctionId } from '../../infra/functions.ts';
import type { UnionClaimsStack } from '../../infra/stack.ts';
import { pdfInvoice, sha256 } from '../fixtures/documents.ts';
import { LINK_BASE_URL, synthStack } from '../support/stack-template.ts';

interface StatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const asArray = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

describe('the documents bucket (UnionClaimsStack)', () => {
  let app: App;
  let stack: UnionClaimsStack;
  let template: Template;
  let bucketId: string;

  const logicalId = (construct: IConstruct): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const statementsOf = (id: FunctionId): StatementJson[] => {
    const role = stack.functions[id].role;
    if (role === undefined) throw new Error(`${id} has no role`);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`{"Ref":"${logicalId(role)}"}`))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: StatementJson[] }).Statement);
  };
  /** The actions a function is allowed on the documents bucket or its objects. */
  const documentActions = (id: FunctionId): string[] =>
    statementsOf(id)
      .filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(bucketId))
      .flatMap((s) => asArray(s.Action))
      .sort();

  beforeAll(() => {
    ({ app, stack, template } = synthStack({ bundle: false }));
    bucketId = logicalId(stack.documents.bucket);
  });

  it('is private, encrypted, versioned, TLS-only and access-logged, and sends EventBridge events', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalId(stack.exports.accessLogs) },
          LogFilePrefix: 'documents/',
        },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        CorsConfiguration: {
          CorsRules: [
            {
              AllowedMethods: ['POST'],
              // The link pages' origin, and the staff console's (CloudFront) for big files by POST /uploads.
              AllowedOrigins: [new URL(LINK_BASE_URL).origin, 'https://*.cloudfront.net'],
              AllowedHeaders: ['*'],
            },
          ],
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('keeps documents 30 years (the voucher retention), versions no longer current 90 days', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(bucket?.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'VoucherRetention',
        Prefix: 'claims/',
        Status: 'Enabled',
        ExpirationInDays: DOCUMENT_RETENTION_DAYS,
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      {
        Id: 'UploadsExpire',
        Prefix: 'uploads/',
        Status: 'Enabled',
        ExpirationInDays: UPLOAD_RETENTION_DAYS,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      { Id: 'ExpiredDeleteMarkers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
    ]);
    expect(DOCUMENT_RETENTION_DAYS).toBeGreaterThanOrEqual(30 * 365.25);
    expect(UPLOAD_RETENTION_DAYS).toBe(30);
  });

  it('lets the upload route only sign forms for documents, the checker read and remove them, and no other function touch them', () => {
    for (const [id, def] of entriesOf(FUNCTIONS)) {
      const expected =
        def.documentFiles === 'upload'
          ? ['s3:PutObject']
          : def.documentFiles === 'check'
            ? ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:ListBucketVersions']
            : def.documentFiles === 'view'
              ? ['s3:GetObject', 's3:PutObject']
              : def.documentFiles === 'store'
                ? ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions', 's3:PutObject']
                : def.documentFiles === 'takeUploads'
                  ? ['s3:GetObject']
                  : [];
      expect(documentActions(id), id).toEqual(expected);
      const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[id])];
      const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
        ?.Variables;
      expect(variables, id).toBeDefined();
      expect(variables?.[ENV.documentsBucket], id).toEqual(
        def.documentFiles === undefined ? undefined : { Ref: bucketId },
      );
    }
    expect(FUNCTIONS.documents.documentFiles).toBe('upload');
    expect(FUNCTIONS.documentUploaded.documentFiles).toBe('check');
    // The member's upload page puts the file it checked itself, and is invoked by no Object Created event.
    expect(FUNCTIONS.uploadLink.documentFiles).toBe('store');
    // The approval document route writes only the thumbnails it makes beside the documents.
    expect(FUNCTIONS.approvalDocument.documentFiles).toBe('view');
    const thumbs = statementsOf('approvalDocument').find((s) => asArray(s.Action).includes('s3:PutObject'));
    expect(thumbs?.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/claims/*.thumb.jpg']],
    });
    // The upload route's one grant: objects under claims/ and uploads/ (what its presigned forms may put).
    const objectsUnder = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]],
    });
    const put = statementsOf('documents').find((s) => asArray(s.Action).includes('s3:PutObject'));
    expect(put?.Resource).toEqual([objectsUnder('claims/'), objectsUnder('uploads/')]);
    // The routes that take a staff file read uploads/ only, never the claims' documents.
    expect(FUNCTIONS.reconcilePayments.documentFiles).toBe('takeUploads');
    expect(FUNCTIONS.importMembers.documentFiles).toBe('takeUploads');
    for (const id of ['reconcilePayments', 'importMembers'] as const) {
      const read = statementsOf(id).filter((s) => JSON.stringify(s.Resource).includes(bucketId));
      expect(
        read.map((s) => s.Resource),
        id,
      ).toEqual([objectsUnder('uploads/')]);
    }
  });

  it('checks each new document: the bucket’s Object Created events under claims/ invoke the checker', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: bucketId }] }, object: { key: [{ prefix: 'claims/' }] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack.functions.documentUploaded), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 21600 },
        }),
      ],
    });
  });

  it('the presigned POST the upload route signs takes one key under claims/, one type, the declared size (≤ 10 MiB) and hash', async () => {
    const client = new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
    });
    const pdf = pdfInvoice();
    const key = documentObjectKey('C01JABCDEFGHJKMNPQRSTVWXYZ', 'AbCdEfGhIjKlMnOpQrStUv');
    const target = await new S3DocumentFiles(client, 'documents-bucket').uploadTarget({
      key,
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
      expiresInSeconds: 900,
    });
    const conditions = decodePolicy(target.fields.Policy ?? '')?.conditions ?? [];
    expect(conditions).toContainEqual({ bucket: 'documents-bucket' });
    expect(conditions).toContainEqual({ key });
    expect(key.startsWith('claims/')).toBe(true);
    expect(conditions).toContainEqual({ 'Content-Type': 'application/pdf' });
    const ranges = conditions.filter((c) => Array.isArray(c) && c[0] === 'content-length-range');
    expect(ranges).toEqual([['content-length-range', pdf.length, pdf.length]]);
    expect(pdf.length).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    expect(conditions).toContainEqual({
      'x-amz-checksum-sha256': Buffer.from(sha256(pdf), 'hex').toString('base64'),
    });
  });

  it('has no cdk-nag AwsSolutions finding on the documents bucket, its rule or the functions bound to it', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const paths = [
      stack.documents.node.path,
      stack.functions.documents.node.path,
      stack.functions.documentUploaded.node.path,
      stack.functions.reconcilePayments.node.path,
      stack.functions.importMembers.node.path,
    ];
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources
        .filter((resource) => paths.some((path) => resource.constructPath?.startsWith(path)))
        .map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );
    expect(findings).toEqual([]);
  });
});
