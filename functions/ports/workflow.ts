/** The claim state machine, as the handlers see it (Step Functions, or the local endpoint). */
export interface Workflow {
  /** Starts the execution named by the claim id; starting it again with the same input is harmless. */
  startClaim(claimId: string): Promise<void>;
  /** Resumes a callback step. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
}
