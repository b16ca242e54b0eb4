import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EXECUTION_ENDED_RULE } from '../execution-events.ts';
import { deadLetterQueue } from './safe-storage.ts';

export interface ExecutionEndedRuleProps {
  readonly stateMachineArn: string;
  readonly target: IFunction;
}

/**
 * An EventBridge rule on the claim state machine's execution status changes (ABORTED, TIMED_OUT, FAILED):
 * an execution stopped in the console, timed out or failed outside every Catch invokes the function that
 * closes its claim. Retried for a day; events it cannot deliver are kept in a dead-letter queue.
 */
export class ExecutionEndedRule extends Construct {
  readonly rule: Rule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ExecutionEndedRuleProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(
      this,
      'This queue is the dead-letter queue of the execution-ended rule; nothing consumes it to fail again',
    );
    this.rule = new Rule(this, 'Rule', {
      description: EXECUTION_ENDED_RULE.description,
      eventPattern: {
        source: [EXECUTION_ENDED_RULE.source],
        detailType: [EXECUTION_ENDED_RULE.detailType],
        detail: {
          stateMachineArn: [props.stateMachineArn],
          status: [...EXECUTION_ENDED_RULE.statuses],
        },
      },
      targets: [
        new LambdaFunction(props.target, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}
