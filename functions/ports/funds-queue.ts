/** The budget a claim draws on: a unit's, for one program and year. */
export interface BudgetKey {
  readonly unitCode: string;
  readonly programId: string;
  readonly year: number;
}

/** A claim waiting in AWAITING_FUNDS, in its budget's queue (ordered by the claim's submission time). */
export interface WaitingClaim {
  readonly budget: BudgetKey;
  readonly claimId: string;
  readonly submittedAt: string;
  readonly memberId: string;
  readonly amountFen: number;
  /** When the claim first joined the queue (a redrive or a retry keeps it). */
  readonly waitingSince: string;
  /** The callback step's task token: never leaves the server. */
  readonly taskToken: string;
  /** The token a budget raise already resumed (the claim is trying to pay again). */
  readonly resumedToken: string | null;
}

export interface FundsQueue {
  /**
   * Puts the claim in its budget's queue, or gives its entry the new task token (a redrive, or a claim
   * that still could not pay): its place (submission time) never changes.
   */
  register(entry: Omit<WaitingClaim, 'waitingSince' | 'resumedToken'> & { at: string }): Promise<void>;
  /** The waiting claims of a budget, oldest submission first. */
  list(budget: BudgetKey, limit?: number): Promise<WaitingClaim[]>;
  /** Records that `taskToken` was resumed, unless the entry holds another token by now; returns whether it did. */
  markResumed(entry: WaitingClaim, taskToken: string): Promise<boolean>;
  /** The claim left the queue (paid or failed). */
  remove(budget: BudgetKey, submittedAt: string, claimId: string): Promise<void>;
}
