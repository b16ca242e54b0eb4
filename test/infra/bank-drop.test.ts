import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFn, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { BANK_RESULTS_PREFIX } from '../../functions/domain/payments/bank-channel.ts';
import { BankDrop } from '../../infra/constructs/bank-drop.ts';

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const asArray = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe('BankDrop', () => {
  let app: App;
  let stack: Stack;
  let drop: BankDrop;
  let applier: LambdaFn;
  let template: Template;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const statementsOfRole = (roleId: string): Statement[] =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`{"Ref":"${roleId}"}`))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

  beforeAll(() => {
    // Prepare: the construct alone, with a stand-in applier (no bundling).
    app = new App();
    stack = new Stack(app, 'BankDropTest');
    applier = new LambdaFn(stack, 'Applier', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => undefined;'),
    });
    drop = new BankDrop(stack, 'BankDrop', { applier, accessLogs: new Bucket(stack, 'Logs') });
    template = Template.fromStack(stack);
  });

  it('keeps bank results in a private, encrypted, versioned, logged bucket that sends EventBridge events', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
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
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'bank-drop/' }),
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it('denies writing bank-results/ to every principal but the bank integration role', () => {
    const policy = template.findResources('AWS::S3::BucketPolicy', {
      Properties: { Bucket: { Ref: idOf(drop.bucket) } },
    });
    const statements = Object.values(policy).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const deny = statements.find((s) => s.Effect === 'Deny' && asArray(s.Action).includes('s3:PutObject'));
    expect(deny).toMatchObject({
      Principal: { AWS: '*' },
      Resource: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(drop.bucket), 'Arn'] }, `/${BANK_RESULTS_PREFIX}*`]],
      },
      Condition: {
        ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [idOf(drop.integrationRole), 'Arn'] } },
      },
    });
    expect(asArray(deny?.Action ?? [])).toEqual(
      expect.arrayContaining(['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion']),
    );
  });

  it('lets the integration role only put result files, and the applier only read them', () => {
    const role = statementsOfRole(idOf(drop.integrationRole));
    expect(role.flatMap((s) => asArray(s.Action))).toEqual(['s3:PutObject']);
    expect(JSON.stringify(role.map((s) => s.Resource))).toContain(`/${BANK_RESULTS_PREFIX}*`);
    const reads = statementsOfRole(stack.getLogicalId(applier.role?.node.defaultChild as never));
    const actions = reads.flatMap((s) => asArray(s.Action));
    expect(actions).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(JSON.stringify(reads.map((s) => s.Resource))).toContain(`/${BANK_RESULTS_PREFIX}*`);
  });

  it('invokes the applier for each object created under bank-results/', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: idOf(drop.bucket) }] },
          object: { key: [{ prefix: BANK_RESULTS_PREFIX }] },
        },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [idOf(applier), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [idOf(applier), 'Arn'] },
    });
  });

  it('has no unacknowledged cdk-nag finding in the construct', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const ours = report.violations.filter((v) =>
      v.violatingResources.some((r) => r.constructPath?.includes('/BankDrop/') === true),
    );
    expect(
      ours.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    ).toEqual([]);
  });
});
