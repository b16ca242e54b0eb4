import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionId } from '../functions.ts';
import type { Schedule } from '../schedules.ts';
import { pascalCase } from './project.ts';
import { deadLetterQueue } from './safe-storage.ts';

export interface ScheduledJobsProps {
  readonly schedules: readonly Schedule[];
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
}

/**
 * One EventBridge Scheduler schedule per entry of infra/schedules.ts: its cron expression in its time zone,
 * no flexible window, retried, undeliverable invocations kept in a dead-letter queue; each with a role that
 * may invoke only its own function.
 */
export class ScheduledJobs extends Construct {
  readonly deadLetters: Queue;
  readonly schedules: Readonly<Record<string, CfnSchedule>>;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(
      this,
      'This queue is the dead-letter queue of the schedules; nothing consumes it to fail again',
    );
    const schedules: Record<string, CfnSchedule> = {};
    for (const schedule of props.schedules) {
      const fn = props.functions[schedule.functionId];
      const name = pascalCase(schedule.id);
      const role = new Role(this, `${name}Role`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
        description: `EventBridge Scheduler: invoke ${schedule.functionId} for ${schedule.id}`,
      });
      role.addToPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      this.deadLetters.grantSendMessages(role);
      schedules[schedule.id] = new CfnSchedule(this, name, {
        description: schedule.description,
        scheduleExpression: schedule.cron,
        scheduleExpressionTimezone: schedule.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify(schedule.input),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: this.deadLetters.queueArn },
        },
      });
    }
    this.schedules = schedules;
  }
}
