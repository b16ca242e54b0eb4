/** The claim state machine, as the handlers see it (Step Functions, or the local endpoint). */
export interface Workflow {
  /**
   * Starts the execution named by the claim id; starting it again with the same input is harmless.
   * With a payout round above 1 (the bank returned the payout before), starts that round's execution,
   * which goes straight to the payout step (Assess recognises the claim as paid before and hands it on).
   */
  startClaim(claimId: string, payoutRound?: number): Promise<void>;
  /** Resumes a callback step. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  /** Resumes a callback step with a named error (its Catch routes it) and a cause. */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}
