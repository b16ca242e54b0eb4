import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIM_METRICS,
  GAUGE_METRICS,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from '../../functions/metrics/names.ts';
import { ALARMS_DOC, FUNCTIONS_PER_ALARM } from '../../infra/constructs/monitoring.ts';
import { FUNCTIONS, type FunctionId } from '../../infra/functions.ts';
import { SCHEDULES } from '../../infra/schedules.ts';
import { UnionClaimsStack } from '../../infra/stack.ts';
import { LINK_BASE_URL, SES_FROM_ADDRESS, synthStack } from '../support/stack-template.ts';

interface ResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

interface MetricQueryJson {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: {
    readonly Metric: { Namespace: string; MetricName: string; Dimensions: unknown };
    readonly Period: number;
    readonly Stat: string;
  };
}

interface StatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Condition?: unknown;
}

describe('Monitoring', () => {
  let stack: UnionClaimsStack;
  let template: Template;

  const logicalId = (construct: IConstruct): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const resourcesOf = (type: string): Record<string, ResourceJson> =>
    template.findResources(type) as Record<string, ResourceJson>;
  const alarmOf = (construct: IConstruct): Record<string, unknown> => {
    const alarm = resourcesOf('AWS::CloudWatch::Alarm')[logicalId(construct)];
    if (alarm === undefined) throw new Error(`no alarm ${construct.node.path}`);
    return alarm.Properties;
  };
  const topicRef = () => ({ Ref: logicalId(stack.monitoring.topic) });
  /** ALARM and OK both go to the alarm topic. */
  const notifiesTopic = () => ({ AlarmActions: [topicRef()], OKActions: [topicRef()] });

  beforeAll(() => {
    // Prepare: the stack as infra/app.ts builds it; alarms and the dashboard need no bundled code.
    ({ stack, template } = synthStack({ bundle: false }));
  });

  describe('alarm topic', () => {
    it('is encrypted with a rotated customer managed key that CloudWatch alarms of the account may use', () => {
      // Act
      const topic = resourcesOf('AWS::SNS::Topic')[logicalId(stack.monitoring.topic)];
      const key = resourcesOf('AWS::KMS::Key')[logicalId(stack.monitoring.topicKey)];

      // Assess
      expect(topic?.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [logicalId(stack.monitoring.topicKey), 'Arn'],
      });
      expect(key?.Properties.EnableKeyRotation).toBe(true);
      const statements = (key?.Properties.KeyPolicy as { Statement: StatementJson[] } | undefined)?.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      );
    });

    it('has a policy that refuses publishing without TLS and lets only CloudWatch alarms of this account publish', () => {
      // Act
      const policies = Object.values(resourcesOf('AWS::SNS::TopicPolicy')).filter((policy) =>
        JSON.stringify(policy.Properties.Topics).includes(logicalId(stack.monitoring.topic)),
      );

      // Assess
      expect(policies).toHaveLength(1);
      const statements =
        (policies[0]?.Properties.PolicyDocument as { Statement: StatementJson[] } | undefined)?.Statement ??
        [];
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const publish = statements.find((s) => s.Sid === 'CloudWatchAlarmsOfThisAccount');
      expect(publish).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
      });
      expect(JSON.stringify(publish?.Condition)).toContain(':alarm:*');
    });

    it('has no subscription unless the alarmEmail context gives an address, then one e-mail subscription', () => {
      // Prepare
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const withEmail = new UnionClaimsStack(app, 'UnionClaimsStack', {
        linkBaseUrl: LINK_BASE_URL,
        sesFromAddress: SES_FROM_ADDRESS,
        alarmEmail: 'ops@test.example',
      });

      // Act
      const subscriptions = Template.fromStack(withEmail).findResources('AWS::SNS::Subscription');

      // Assess
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      expect(Object.values(subscriptions).map((s) => s.Properties)).toEqual([
        {
          Protocol: 'email',
          Endpoint: 'ops@test.example',
          TopicArn: {
            Ref: withEmail.getLogicalId(withEmail.monitoring.topic.node.defaultChild as CfnElement),
          },
        },
      ]);
    });
  });

  describe('alarms', () => {
    it('sends the ALARM and OK of every alarm to the topic, each with a description naming the runbook', () => {
      // Act
      const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm'));

      // Assess: three execution alarms, errors and throttles per group of functions, API, dead letters,
      // two gauges.
      const groups = Math.ceil(Object.keys(FUNCTIONS).length / FUNCTIONS_PER_ALARM);
      expect(alarms).toHaveLength(3 + 2 * groups + 1 + 1 + 2);
      for (const alarm of alarms) {
        expect(alarm.Properties).toMatchObject(notifiesTopic());
        expect(alarm.Properties.AlarmDescription).toEqual(expect.stringContaining(`Runbook: ${ALARMS_DOC}.`));
        expect(String(alarm.Properties.AlarmDescription).length).toBeLessThanOrEqual(1024);
      }
    });

    it.each([
      ['executionsFailed', 'ExecutionsFailed'],
      ['executionsAborted', 'ExecutionsAborted'],
      ['executionsTimedOut', 'ExecutionsTimedOut'],
    ] as const)('%s: one claim execution ending %s in 5 minutes alarms; no data is none', (alarm, metric) => {
      expect(alarmOf(stack.monitoring[alarm])).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: logicalId(stack.workflow.stateMachine) } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
        ...notifiesTopic(),
      });
    });

    it.each(Object.keys(FUNCTIONS) as FunctionId[])(
      '%s: summed into one errors alarm and one throttles alarm of its group, one of either in 5 minutes',
      (functionId) => {
        const fn = { Name: 'FunctionName', Value: { Ref: logicalId(stack.functions[functionId]) } };
        const group = stack.monitoring.functionAlarmGroup[functionId];
        for (const [alarms, metric] of [
          [stack.monitoring.functionErrors, 'Errors'],
          [stack.monitoring.functionThrottles, 'Throttles'],
        ] as const) {
          // Act: the alarms whose math reads this function's metric.
          const watching = alarms.filter((alarm) =>
            ((alarmOf(alarm).Metrics ?? []) as MetricQueryJson[]).some(
              (q) =>
                q.MetricStat?.Metric.MetricName === metric &&
                JSON.stringify(q.MetricStat.Metric.Dimensions) === JSON.stringify([fn]),
            ),
          );

          // Assess
          expect(watching).toEqual([alarms[(group ?? 0) - 1]]);
          const properties = alarmOf(watching[0] as IConstruct);
          expect(properties).toMatchObject({
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            EvaluationPeriods: 1,
            TreatMissingData: 'notBreaching',
            ...notifiesTopic(),
          });
          const queries = properties.Metrics as MetricQueryJson[];
          const sum = queries.filter((q) => q.Expression !== undefined);
          expect(sum).toEqual([expect.objectContaining({ Expression: 'SUM(METRICS())', ReturnData: true })]);
          for (const q of queries.filter((q) => q.MetricStat !== undefined)) {
            expect(q).toMatchObject({
              ReturnData: false,
              MetricStat: {
                Metric: { Namespace: 'AWS/Lambda', MetricName: metric },
                Period: 300,
                Stat: 'Sum',
              },
            });
          }
          expect(properties.AlarmDescription).toEqual(expect.stringContaining(functionId));
        }
      },
    );

    it('groups the functions by at most nine, so that each alarm holds at most ten queries, and every function in exactly one group', () => {
      const groups = Object.values(stack.monitoring.functionAlarmGroup);
      const count = Math.ceil(Object.keys(FUNCTIONS).length / FUNCTIONS_PER_ALARM);
      expect(FUNCTIONS_PER_ALARM).toBe(9);
      expect(new Set(groups)).toEqual(new Set(Array.from({ length: count }, (_, i) => i + 1)));
      expect(groups).toHaveLength(Object.keys(FUNCTIONS).length);
      for (const alarm of [...stack.monitoring.functionErrors, ...stack.monitoring.functionThrottles]) {
        expect((alarmOf(alarm).Metrics as MetricQueryJson[]).length).toBeLessThanOrEqual(10);
      }
      expect(stack.monitoring.functionErrors).toHaveLength(count);
      expect(stack.monitoring.functionThrottles).toHaveLength(count);
    });

    it('alarms on one 5xx of the HTTP API in 5 minutes; no data is no request', () => {
      expect(alarmOf(stack.monitoring.apiServerErrors)).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack.api.httpApi) } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        ...notifiesTopic(),
      });
    });

    it("alarms on one message in the schedules' dead-letter queue; no data is an empty queue", () => {
      // The queue every schedule sends what it could not deliver to, not another dead-letter queue.
      const deadLetterArns = Object.values(resourcesOf('AWS::Scheduler::Schedule')).map(
        (s) => (s.Properties.Target as { DeadLetterConfig: { Arn: unknown } }).DeadLetterConfig.Arn,
      );
      expect(new Set(deadLetterArns.map((arn) => JSON.stringify(arn)))).toEqual(
        new Set([JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.jobs.deadLetters), 'Arn'] })]),
      );

      expect(alarmOf(stack.monitoring.scheduleDeadLetters)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.jobs.deadLetters), 'QueueName'] } },
        ],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        ...notifiesTopic(),
      });
    });

    it.each([
      ['staleApprovals', GAUGE_METRICS.approvalsOlderThanThreeDays],
      ['lowBudgets', GAUGE_METRICS.budgetsUnderTenPercent],
    ] as const)(
      '%s: the hourly gauge %s at 1 or more in the last two hours alarms; two hours without it notify too',
      (alarm, metric) => {
        expect(alarmOf(stack.monitoring[alarm])).toMatchObject({
          Namespace: METRICS_NAMESPACE,
          MetricName: metric,
          Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
          Statistic: 'Maximum',
          Period: 3600,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          EvaluationPeriods: 2,
          DatapointsToAlarm: 1,
          TreatMissingData: 'missing',
          InsufficientDataActions: [topicRef()],
          ...notifiesTopic(),
        });
      },
    );

    it('gets the gauges from the operationsGauge function, scheduled hourly', () => {
      const gauge = SCHEDULES.find((s) => s.id === 'operations-gauge');
      expect(gauge).toMatchObject({ functionId: 'operationsGauge', cron: 'cron(10 * * * ? *)' });
      const targets = Object.values(resourcesOf('AWS::Scheduler::Schedule')).map(
        (s) => (s.Properties.Target as { Arn: unknown }).Arn,
      );
      expect(targets).toContainEqual({ 'Fn::GetAtt': [logicalId(stack.functions.operationsGauge), 'Arn'] });
    });
  });

  describe('dashboard', () => {
    it('shows executions, claim metrics, Lambda errors and p95 duration, API responses and latency, the gauges and the dead-letter queue', () => {
      // Act
      const dashboards = Object.values(resourcesOf('AWS::CloudWatch::Dashboard'));
      const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

      // Assess
      expect(dashboards).toHaveLength(1);
      expect(dashboards[0]?.Properties.DashboardName).toBe('UnionClaimsStack-Operations');
      for (const title of [
        'Claim executions',
        'Claims',
        'Approval latency p95 (seconds) by tier',
        'Messages and fraud flags',
        'Lambda errors',
        'Lambda duration p95 (ms)',
        'API responses',
        'API latency (ms)',
        'Approvals open over three days / oldest open (s)',
        'Budgets under 10% available / lowest share (%)',
        'Schedules dead-letter queue depth',
      ]) {
        expect(body).toContain(`\\"title\\":\\"${title}\\"`);
      }
      for (const metric of [
        'ExecutionsStarted',
        'ExecutionsSucceeded',
        'ExecutionsFailed',
        ...Object.values(CLAIM_METRICS),
        ...Object.values(GAUGE_METRICS),
        'ApproximateNumberOfMessagesVisible',
        '4xx',
        '5xx',
        'Latency',
      ]) {
        expect(body).toContain(`\\"${metric}\\"`);
      }
      for (const tier of ['grassroots', 'industry', 'district', 'city'])
        expect(body).toContain(`\\"${tier}\\"`);
      // Errors and p95 duration of every function, each line named for its function.
      for (const functionId of Object.keys(FUNCTIONS)) {
        expect(body).toContain(`\\"label\\":\\"${functionId}\\"`);
      }
      expect(body.match(/\\"Errors\\"/g)).toHaveLength(Object.keys(FUNCTIONS).length);
      expect(body.match(/\\"Duration\\"/g)).toHaveLength(Object.keys(FUNCTIONS).length);
      expect(body).toContain('\\"stat\\":\\"p95\\"');
    });
  });
});
