import { FINAL_STATUSES } from '../domain/claim.ts';
import type { Deps } from './deps.ts';
import { leaveFundsQueue } from './ledger.ts';
import { markFailed } from './mark-failed.ts';

/** The execution statuses that end a claim's workflow without the workflow ending the claim. */
export const ENDED_STATUSES = ['ABORTED', 'TIMED_OUT', 'FAILED'] as const;
export type EndedStatus = (typeof ENDED_STATUSES)[number];

/** What ends the claim: the execution's status as the failure's error, with a readable reason (see mark-failed). */
export const ENDED_ERRORS: Readonly<Record<EndedStatus, string>> = {
  ABORTED: 'ExecutionAborted',
  TIMED_OUT: 'ExecutionTimedOut',
  FAILED: 'ExecutionFailed',
};

export interface EndedExecution {
  readonly claimId: string;
  readonly status: EndedStatus;
  readonly error: string | null;
  readonly cause: string | null;
}

export interface ClosedOutcome {
  readonly claimId: string;
  /** The claim's status afterwards; `unknown` when no such claim exists. */
  readonly status: string;
  /** Whether this call ended the claim (false: it was already final, or unknown). */
  readonly closed: boolean;
}

/**
 * A claim's execution ended without the workflow ending the claim (stopped by an operator, timed out, or
 * failed outside every Catch): the claim ends FAILED with the reason, its open approval levels close (their
 * links answer "closed"), and what it reserved or committed in its budget is given back, as MarkFailed does;
 * a claim waiting for funds leaves its budget's queue. Idempotent: a claim already final is left as it is.
 */
export async function closeEndedExecution(
  deps: Pick<Deps, 'claims' | 'fundsQueue' | 'now'>,
  ended: EndedExecution,
): Promise<ClosedOutcome> {
  const claim = await deps.claims.get(ended.claimId);
  if (claim === null) return { claimId: ended.claimId, status: 'unknown', closed: false };
  if (FINAL_STATUSES.has(claim.status))
    return { claimId: claim.claimId, status: claim.status, closed: false };
  const cause = [ended.error, ended.cause].filter((part) => part !== null && part !== '').join(': ');
  const { status } = await markFailed(deps, {
    claimId: claim.claimId,
    failure: { Error: ENDED_ERRORS[ended.status], Cause: cause === '' ? undefined : cause },
  });
  if (status === 'FAILED' && claim.status === 'AWAITING_FUNDS') await leaveFundsQueue(deps, claim);
  return { claimId: claim.claimId, status, closed: status === 'FAILED' };
}
