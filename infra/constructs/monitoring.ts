import { Aws, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Tier } from '../../functions/domain/registry.ts';
import {
  CLAIM_METRICS,
  GAUGE_METRICS,
  type GaugeMetric,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  TIER_DIMENSION,
} from '../../functions/metrics/names.ts';
import type { FunctionId } from '../functions.ts';
import { entriesOf } from './project.ts';

/** Where each alarm's description sends an operator (the alarms table and what to do). */
export const ALARMS_DOC = 'docs/reliability.md#alarms';

const TIERS: readonly Tier[] = ['grassroots', 'industry', 'district', 'city'];

/** Functions summed by one errors (or throttles) alarm: with their sum, the 10 queries an alarm may hold. */
export const FUNCTIONS_PER_ALARM = 9;

/** `items` in consecutive groups of at most `size`. */
function chunked<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

export interface MonitoringProps {
  readonly stateMachine: IStateMachine;
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
  readonly httpApi: IHttpApi;
  /** The schedules' dead-letter queue (infra/constructs/schedules.ts). */
  readonly scheduleDeadLetters: IQueue;
  /** Subscribed to the alarm topic by e-mail (it must confirm the subscription), if given. */
  readonly alarmEmail?: string | undefined;
}

interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly treatMissingData: TreatMissingData;
  readonly description: string;
  /** Also notify when the alarm has no data (a gauge that stopped reporting). */
  readonly notifyInsufficientData?: boolean;
}

/** A gauge of the operations-gauge job (functions/usecases/operations-gauge.ts), hourly. */
export function gaugeMetric(name: GaugeMetric, statistic: 'Maximum' | 'Minimum' = 'Maximum'): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE },
    statistic,
    period: Duration.hours(1),
  });
}

/** A business metric the handlers emit (functions/metrics/names.ts). */
function claimMetric(name: string, statistic = 'Sum', dimensions: Record<string, string> = {}): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
    statistic,
    period: Duration.minutes(5),
  });
}

const FIVE_MINUTES = { period: Duration.minutes(5) };

/**
 * What an operator must act on: alarms on the claim executions that fail, abort or time out, on every
 * function's errors and throttles, on the API's 5xx, on the schedules' dead-letter queue and on the two
 * gauges (approval levels open over three days, budgets under 10% available), each sending its ALARM and
 * OK to one encrypted, TLS-only SNS topic; and a CloudWatch dashboard of the same plus the claim metrics.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly executionsFailed: Alarm;
  readonly executionsAborted: Alarm;
  readonly executionsTimedOut: Alarm;
  /** Errors of the functions, one alarm per group of {@link FUNCTIONS_PER_ALARM} (a metric-math sum). */
  readonly functionErrors: readonly Alarm[];
  /** Throttles of the functions, grouped as the errors. */
  readonly functionThrottles: readonly Alarm[];
  /** The group (1, 2, …) whose errors and throttles alarms watch each function. */
  readonly functionAlarmGroup: Readonly<Record<FunctionId, number>>;
  readonly apiServerErrors: Alarm;
  readonly scheduleDeadLetters: Alarm;
  readonly staleApprovals: Alarm;
  readonly lowBudgets: Alarm;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    // A customer managed key: CloudWatch can publish to a topic encrypted with it (not with the AWS
    // managed SNS key, whose policy no one can extend).
    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the alarm topic; CloudWatch alarms of this account may use it',
      enableKeyRotation: true,
    });
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Union claims alarms',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description:
        'Every alarm sends ALARM and OK here (subscribe with -c alarmEmail=… or aws sns subscribe)',
    });

    const action = new SnsAction(this.topic);
    const alarm = (name: string, spec: AlarmSpec): Alarm => {
      const made = new Alarm(this, name, {
        alarmName: `${stackName}-${name}`,
        alarmDescription: `${spec.description} Runbook: ${ALARMS_DOC}.`,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: spec.evaluationPeriods ?? 1,
        datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods ?? 1,
        treatMissingData: spec.treatMissingData,
      });
      made.addAlarmAction(action);
      made.addOkAction(action);
      if (spec.notifyInsufficientData === true) made.addInsufficientDataAction(action);
      return made;
    };

    // Step Functions publishes these only when an execution ends so: no data is no such execution.
    const sm = props.stateMachine;
    const ended = (what: string, look: string) =>
      `A claim execution ${what} in the last 5 minutes: its claim is closed FAILED by the execution-ended rule (or, if that failed, sits in its dead-letter queue). First look: ${look}`;
    this.executionsFailed = alarm('ExecutionsFailed', {
      metric: sm.metricFailed({ ...FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description: ended(
        'FAILED outside every Catch',
        "the Step Functions console, the state machine's failed executions, the failing state's error and cause, then that step's function log.",
      ),
    });
    this.executionsAborted = alarm('ExecutionsAborted', {
      metric: sm.metricAborted({ ...FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description: ended(
        'was stopped (ABORTED)',
        'CloudTrail StopExecution events: who stopped it and why; an unplanned stop needs the claim resubmitted.',
      ),
    });
    this.executionsTimedOut = alarm('ExecutionsTimedOut', {
      metric: sm.metricTimedOut({ ...FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description: ended(
        'reached the state machine timeout (TIMED_OUT, one year)',
        'the execution history: which wait never ended (approval, correction, funds, fraud hold).',
      ),
    });

    // Metric-math sums over groups of functions, not one alarm per function: two alarms for each of over
    // forty functions would take a fifth of the stack's 500 resources, and an alarm's metric math holds at
    // most 10 queries (9 metrics and their sum). The description names the group's functions; the
    // dashboard's graph shows which one. Lambda publishes no data for a function not invoked, and SUM
    // skips it: no data at all is no error.
    const groups = chunked(entriesOf(props.functions), FUNCTIONS_PER_ALARM);
    const sumOf = (members: readonly [FunctionId, IFunction][], metricOf: (fn: IFunction) => IMetric) =>
      new MathExpression({
        expression: 'SUM(METRICS())',
        usingMetrics: Object.fromEntries(members.map(([, fn], i) => [`m${i}`, metricOf(fn)])),
        period: Duration.minutes(5),
      });
    const errors: Alarm[] = [];
    const throttles: Alarm[] = [];
    const groupOf: Partial<Record<FunctionId, number>> = {};
    groups.forEach((members, index) => {
      const group = index + 1;
      const names = members.map(([functionId]) => functionId).join(', ');
      for (const [functionId] of members) groupOf[functionId] = group;
      errors.push(
        alarm(`FunctionErrors${group}`, {
          metric: sumOf(members, (fn) => fn.metricErrors({ ...FIVE_MINUTES, statistic: 'Sum' })),
          threshold: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          description: `A function of group ${group} (${names}) ended an invocation with an unhandled error in the last 5 minutes (a workflow step is retried; an API call answered 5xx). First look: the dashboard's Lambda errors graph (which function), then that function's log group: the error and the claim id on the failing line.`,
        }),
      );
      throttles.push(
        alarm(`FunctionThrottles${group}`, {
          metric: sumOf(members, (fn) => fn.metricThrottles({ ...FIVE_MINUTES, statistic: 'Sum' })),
          threshold: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          description: `A function of group ${group} (${names}) was throttled in the last 5 minutes: the account's or the function's concurrency ran out. First look: the account's ConcurrentExecutions and which function used them.`,
        }),
      );
    });
    this.functionErrors = errors;
    this.functionThrottles = throttles;
    this.functionAlarmGroup = groupOf as Record<FunctionId, number>;

    // API Gateway publishes 5xx (0 or more) for every period with requests: no data is no request.
    this.apiServerErrors = alarm('Api5xx', {
      metric: props.httpApi.metricServerError({ ...FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description:
        "The HTTP API answered 5xx in the last 5 minutes: a member, staff member or approver saw an error. First look: the API access log (status, routeKey, integrationError), then the route function's errors alarm and log.",
    });

    // SQS publishes the depth every 5 minutes while the queue holds messages: no data is an empty queue.
    this.scheduleDeadLetters = alarm('ScheduleDeadLetters', {
      metric: props.scheduleDeadLetters.metricApproximateNumberOfMessagesVisible({
        ...FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      threshold: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description:
        'A scheduled job (fraud scan, digests, evaluation exports, operations gauge) could not be invoked after its retries; the message waits in the schedules dead-letter queue (kept 14 days). First look: the message (its schedule and error), then run the job again and delete the message.',
    });

    // The gauges come hourly (at :10). Two hours are evaluated, so the hour before a run has its point;
    // none in two hours means the job stopped reporting: INSUFFICIENT_DATA, which notifies too.
    const gauge = { evaluationPeriods: 2, datapointsToAlarm: 1, notifyInsufficientData: true } as const;
    this.staleApprovals = alarm('ApprovalsOlderThanThreeDays', {
      ...gauge,
      metric: gaugeMetric(GAUGE_METRICS.approvalsOlderThanThreeDays),
      threshold: 1,
      treatMissingData: TreatMissingData.MISSING,
      description:
        "At least one approval level has been open more than three days (escalation should have moved it on). First look: the operations-gauge log line (staleApprovals names claim and level), then the claim's execution: is it waiting in RequestApproval and did its escalation fail? No data for two hours: the operationsGauge job stopped reporting.",
    });
    this.lowBudgets = alarm('BudgetsUnderTenPercent', {
      ...gauge,
      metric: gaugeMetric(GAUGE_METRICS.budgetsUnderTenPercent),
      threshold: 1,
      treatMissingData: TreatMissingData.MISSING,
      description:
        'At least one budget of the running year has less than 10% of its allocation available: claims will soon wait for funds. First look: the operations-gauge log line (lowBudgets names unit, program, share), then GET /budgets/{unitCode}/{year}; a budget holder raises the allocation. No data for two hours: the operationsGauge job stopped reporting.',
    });

    this.dashboard = this.buildDashboard(stackName, props);
  }

  private buildDashboard(stackName: string, props: MonitoringProps): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${stackName}-Operations` });
    const sm = props.stateMachine;
    const api = props.httpApi;
    const functions = entriesOf(props.functions);
    const sum = { ...FIVE_MINUTES, statistic: 'Sum' };
    const claim = (name: string, label: string) => claimMetric(name).with({ label });

    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Union claims operations\nAlarms and what to do: \`${ALARMS_DOC}\`. Metrics of namespace \`${METRICS_NAMESPACE}\`, service \`${METRICS_SERVICE}\`.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Claim executions',
        width: 12,
        left: [
          sm.metricStarted(sum).with({ label: 'started' }),
          sm.metricSucceeded(sum).with({ label: 'succeeded' }),
          sm.metricFailed(sum).with({ label: 'failed' }),
          sm.metricAborted(sum).with({ label: 'aborted' }),
          sm.metricTimedOut(sum).with({ label: 'timed out' }),
        ],
      }),
      new GraphWidget({
        title: 'Claims',
        width: 12,
        left: [
          claim(CLAIM_METRICS.submitted, 'submitted'),
          claim(CLAIM_METRICS.approved, 'approved'),
          claim(CLAIM_METRICS.rejected, 'rejected'),
          claim(CLAIM_METRICS.paid, 'paid'),
          claim(CLAIM_METRICS.failed, 'failed'),
          claim(CLAIM_METRICS.held, 'held'),
        ],
        right: [claim(CLAIM_METRICS.paidFen, 'paid (fen)')],
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Approval latency p95 (seconds) by tier',
        width: 12,
        left: TIERS.map((tier) =>
          claimMetric(CLAIM_METRICS.approvalLatency, 'p95', { [TIER_DIMENSION]: tier }).with({ label: tier }),
        ),
      }),
      new GraphWidget({
        title: 'Messages and fraud flags',
        width: 12,
        left: [
          claim(CLAIM_METRICS.smsSent, 'SMS sent'),
          claim(CLAIM_METRICS.smsFailed, 'SMS failed'),
          claim(CLAIM_METRICS.emailSent, 'e-mail sent'),
          claim(CLAIM_METRICS.emailFailed, 'e-mail failed'),
          claim(CLAIM_METRICS.fraudFlagsRaised, 'fraud flags raised'),
        ],
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda errors',
        width: 12,
        left: functions.map(([id, fn]) => fn.metricErrors(sum).with({ label: id })),
      }),
      new GraphWidget({
        title: 'Lambda duration p95 (ms)',
        width: 12,
        left: functions.map(([id, fn]) =>
          fn.metricDuration({ ...FIVE_MINUTES, statistic: 'p95' }).with({ label: id }),
        ),
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API responses',
        width: 12,
        left: [
          api.metricClientError(sum).with({ label: '4xx' }),
          api.metricServerError(sum).with({ label: '5xx' }),
        ],
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        width: 12,
        left: [
          api.metricLatency({ ...FIVE_MINUTES, statistic: 'p50' }).with({ label: 'p50' }),
          api.metricLatency({ ...FIVE_MINUTES, statistic: 'p95' }).with({ label: 'p95' }),
        ],
      }),
    );
    dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Approvals open over three days / oldest open (s)',
        width: 8,
        metrics: [
          gaugeMetric(GAUGE_METRICS.approvalsOlderThanThreeDays).with({ label: 'over three days' }),
          gaugeMetric(GAUGE_METRICS.oldestOpenApprovalAge).with({ label: 'oldest open (s)' }),
        ],
      }),
      new SingleValueWidget({
        title: 'Budgets under 10% available / lowest share (%)',
        width: 8,
        metrics: [
          gaugeMetric(GAUGE_METRICS.budgetsUnderTenPercent).with({ label: 'under 10%' }),
          gaugeMetric(GAUGE_METRICS.lowestBudgetAvailable, 'Minimum').with({ label: 'lowest share (%)' }),
        ],
      }),
      new GraphWidget({
        title: 'Schedules dead-letter queue depth',
        width: 8,
        left: [
          props.scheduleDeadLetters
            .metricApproximateNumberOfMessagesVisible({ ...FIVE_MINUTES, statistic: 'Maximum' })
            .with({ label: 'messages' }),
        ],
      }),
    );
    return dashboard;
  }
}
