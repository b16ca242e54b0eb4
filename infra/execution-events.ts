import { ENDED_STATUSES } from '../functions/usecases/close-ended-execution.ts';
import type { FunctionId } from './functions.ts';

/**
 * The rule that closes a claim whose execution ended without the workflow ending it, defined once: the
 * CDK stack makes an EventBridge rule of it on the claim state machine, the local Step Functions endpoint
 * hands the same events to the same function when they match.
 */
export const EXECUTION_ENDED_RULE = {
  functionId: 'executionStatusChanged' satisfies FunctionId,
  source: 'aws.states',
  detailType: 'Step Functions Execution Status Change',
  statuses: ENDED_STATUSES,
  description: 'A claim execution was stopped, timed out or failed: its claim ends FAILED',
} as const;

/** Whether an event matches the rule's pattern for the given state machine (as EventBridge matches it). */
export function matchesExecutionEnded(
  event: { source: string; 'detail-type': string; detail: { status: string; stateMachineArn: string } },
  stateMachineArn: string,
): boolean {
  return (
    event.source === EXECUTION_ENDED_RULE.source &&
    event['detail-type'] === EXECUTION_ENDED_RULE.detailType &&
    event.detail.stateMachineArn === stateMachineArn &&
    (EXECUTION_ENDED_RULE.statuses as readonly string[]).includes(event.detail.status)
  );
}
