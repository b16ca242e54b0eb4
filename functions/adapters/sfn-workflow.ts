import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Workflow } from '../ports/workflow.ts';

/** The claim state machine through the Step Functions API (AWS, or the local endpoint). */
export class SfnWorkflow implements Workflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startClaim(claimId: string, payoutRound = 1): Promise<void> {
    const repay = payoutRound > 1;
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: repay ? `${claimId}-pay${payoutRound}` : claimId,
          input: JSON.stringify(repay ? { claimId, repay: true } : { claimId }),
        }),
      );
    } catch (error) {
      // The execution named by this claim already ran or is running: nothing to start.
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await this.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  }
}
