import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXECUTION_ENDED_RULE } from '../../infra/execution-events.ts';
import { UnionClaimsStack } from '../../infra/stack.ts';

interface ResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

describe('execution-ended rule', () => {
  let app: App;
  let stack: UnionClaimsStack;
  let template: Template;
  const logicalId = (construct: IConstruct): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);

  beforeAll(() => {
    // Prepare: the stack as infra/app.ts builds it; the rule's wiring needs no bundled code.
    app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    stack = new UnionClaimsStack(app, 'UnionClaimsStack', {
      linkBaseUrl: 'https://u.test.example',
      sesFromAddress: 'claims@test.example',
    });
    template = Template.fromStack(stack);
  });

  it('sends the claim state machine ABORTED, TIMED_OUT and FAILED status changes to executionStatusChanged, retried, with a dead-letter queue', () => {
    // Act
    // (the bank-drop bucket has a rule of its own: only the Step Functions ones are this rule's kind)
    const rules = Object.values(
      template.findResources('AWS::Events::Rule') as Record<string, ResourceJson>,
    ).filter((r) => JSON.stringify(r.Properties.EventPattern ?? {}).includes('aws.states'));

    // Assess
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [{ Ref: logicalId(stack.workflow.stateMachine) }],
          status: ['ABORTED', 'TIMED_OUT', 'FAILED'],
        },
      },
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [logicalId(stack.functions.executionStatusChanged), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.executionEnded.deadLetters), 'Arn'] } },
        },
      ],
    });
    expect(EXECUTION_ENDED_RULE.functionId).toBe('executionStatusChanged');
  });

  it('lets EventBridge invoke only that function, from that rule', () => {
    // Act
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission') as Record<string, ResourceJson>,
    ).filter(
      (p) =>
        p.Properties.Principal === 'events.amazonaws.com' &&
        JSON.stringify(p.Properties.FunctionName).includes(logicalId(stack.functions.executionStatusChanged)),
    );

    // Assess: one permission for this function, and it names this rule
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack.functions.executionStatusChanged), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [logicalId(stack.executionEnded.rule), 'Arn'] },
    });
  });

  it('keeps undeliverable events encrypted in a queue that EventBridge alone may write to', () => {
    // Act
    const queue = template.findResources('AWS::SQS::Queue')[logicalId(stack.executionEnded.deadLetters)] as
      | ResourceJson
      | undefined;
    const policies = Object.values(
      template.findResources('AWS::SQS::QueuePolicy') as Record<string, ResourceJson>,
    );
    const policy = policies.find((p) =>
      JSON.stringify(p.Properties.Queues).includes(logicalId(stack.executionEnded.deadLetters)),
    );

    // Assess
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    const document = policy?.Properties.PolicyDocument as
      | { Statement: Record<string, unknown>[] }
      | undefined;
    const statements = document?.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
        }),
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });

  it('adds no cdk-nag AwsSolutions finding: the rule, its queue and its function pass or are acknowledged', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(app);
    const ours = report.violations.filter((violation) =>
      violation.violatingResources.some(
        (resource) =>
          (resource.constructPath ?? '').includes('/ExecutionEnded/') ||
          (resource.constructPath ?? '').includes('/ExecutionStatusChangedFunction/'),
      ),
    );

    // Assess
    expect(
      ours.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    ).toEqual([]);
  });
});
