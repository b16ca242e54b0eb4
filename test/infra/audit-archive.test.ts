import { App, type CfnElement, type PolicyViolation, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config.ts';
import { ARCHIVE_RETENTION_DAYS, AuditArchiveStorage } from '../../infra/constructs/audit-archive.ts';
import { ClaimFunction } from '../../infra/constructs/claim-function.ts';
import { DataTables } from '../../infra/constructs/tables.ts';
import { FUNCTIONS } from '../../infra/functions.ts';

interface StatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const asArray = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

describe('AuditArchiveStorage', () => {
  let app: App;
  let stack: Stack;
  let template: Template;
  let archiver: ClaimFunction;
  let reader: ClaimFunction;

  const actionsOf = (fn: ClaimFunction): string[] => {
    const role = stack.getLogicalId(fn.role?.node.defaultChild as CfnElement);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`{"Ref":"${role}"}`))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: StatementJson[] }).Statement)
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => asArray(s.Action));
  };

  beforeAll(() => {
    // Prepare: the tables, the archive, the stream archiver and one verifying function, wired as the stack does.
    app = new App();
    stack = new Stack(app, 'ArchiveTest');
    const tables = new DataTables(stack, 'Tables');
    const archive = new AuditArchiveStorage(stack, 'AuditArchive');
    archiver = new ClaimFunction(stack, 'Archiver', { functionId: 'archiveAuditEvents' });
    reader = new ClaimFunction(stack, 'Reader', { functionId: 'claimAudit' });
    for (const fn of [archiver, reader]) {
      archive.bind(fn);
      if (fn.def.claimsStream === true) archive.feedFromStream(fn, tables.byId.claims);
    }
    template = Template.fromStack(stack);
  });

  it('locks every archived object in compliance mode for ten years, versioned, private and TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: ARCHIVE_RETENTION_DAYS } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(ARCHIVE_RETENTION_DAYS).toBeGreaterThanOrEqual(3650);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: { ObjectLockEnabled: true },
    });
  });

  it('feeds the archiver from the claims table stream (new images of audit events), retried and dead-lettered', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: stack.getLogicalId(archiver.node.defaultChild as CfnElement) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [{ Pattern: Match.stringLikeRegexp('"NewImage":\\{"type":\\{"S":\\["event"\\]\\}\\}') }],
      },
    });
  });

  it('lets the archiver append and the verifier read, and no one delete', () => {
    expect(FUNCTIONS.archiveAuditEvents.auditArchive).toBe('append');
    expect(FUNCTIONS.claimAudit.auditArchive).toBe('read');
    expect(FUNCTIONS.paymentBatches.auditArchive).toBe('read');
    expect(actionsOf(archiver)).toEqual(
      expect.arrayContaining(['s3:PutObject', 's3:GetObject', 's3:ListBucket']),
    );
    expect(actionsOf(reader)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:ListBucket']));
    expect(actionsOf(reader)).not.toContain('s3:PutObject');
    for (const fn of [archiver, reader]) {
      expect(
        actionsOf(fn).filter((a) => /^s3:(Delete|PutObjectRetention|PutBucket|BypassGovernance)/.test(a)),
      ).toEqual([]);
      const variables = (
        template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)].Properties
          .Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables[ENV.auditArchiveBucket]).toBeDefined();
    }
  });

  it('has no unacknowledged cdk-nag finding in the archive', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const describe = (v: PolicyViolation) =>
      `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`;
    const findings = report.violations
      .map(describe)
      .filter(
        (line) => line.includes('/AuditArchive/') || line.includes('/Archiver/') || line.includes('/Reader/'),
      );
    expect(findings).toEqual([]);
  });
});
