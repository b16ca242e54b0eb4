import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnWorkflow } from '../adapters/sfn-workflow.ts';
import { ENV } from '../config.ts';
import type { Workflow } from '../ports/workflow.ts';

/** The claim state machine (AWS, or the local endpoint the environment names). */
export function buildWorkflow(): Workflow {
  return new SfnWorkflow(new SFNClient({}), process.env[ENV.stateMachineArn] ?? '');
}
