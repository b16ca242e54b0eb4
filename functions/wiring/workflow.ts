import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnWorkflow } from '../adapters/sfn-workflow.ts';
import { ENV } from '../config.ts';
import type { Workflow } from '../ports/workflow.ts';
import { traced } from '../tracing/tracer.ts';

/** The claim state machine (AWS, or the local endpoint the environment names). */
export async function buildWorkflow(): Promise<Workflow> {
  return new SfnWorkflow(await traced(new SFNClient({})), process.env[ENV.stateMachineArn] ?? '');
}
