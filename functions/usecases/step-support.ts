import type { Claim } from '../domain/claim.ts';
import {
  type ClaimChange,
  ClaimConflictError,
  type ClaimsStore,
  type LinkedWrite,
} from '../ports/claims-store.ts';
import type { Workflow } from '../ports/workflow.ts';

/** A workflow step was asked about a claim that does not exist. Not retryable. */
export class ClaimNotFoundError extends Error {
  override readonly name = 'ClaimNotFound';
}

export async function loadClaim(claims: ClaimsStore, claimId: string): Promise<Claim> {
  const claim = await claims.get(claimId);
  if (claim === null) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
  return claim;
}

/**
 * Applies a step's change once. When another run of the same step (a retry or a redrive) changed the
 * claim first, returns the claim as it now stands, so the caller reads the stored outcome instead.
 */
export async function changeOnce(
  claims: ClaimsStore,
  claim: Claim,
  change: ClaimChange,
  linked?: readonly LinkedWrite[],
): Promise<Claim> {
  try {
    return await claims.change(claim, change, linked);
  } catch (error) {
    if (error instanceof ClaimConflictError && error.conflict === 'stale-claim') {
      return loadClaim(claims, claim.claimId);
    }
    throw error;
  }
}

/** A failure worth retrying (throttling, a 5xx, a dropped connection): the workflow's Retry matches it. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** The step's input did not fit the step: a bug or a claim in the wrong state. Not retryable. */
export class StepStateError extends Error {
  override readonly name = 'ClaimStateError';
}

/** SendTaskSuccess errors that mean the task no longer waits on that token. */
const STALE_TOKEN = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/**
 * Resumes a callback step with the token stored now, read after the decision was recorded: a redrive
 * that stored a newer token is either seen here, or sees the decision itself and resumes its own
 * execution. A token gone stale once is read again.
 */
export async function resumeWithStoredToken(
  workflow: Workflow,
  readToken: () => Promise<string | null>,
  output: unknown,
): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await readToken();
    if (token === null) return;
    try {
      await workflow.sendTaskSuccess(token, output);
      return;
    } catch (error) {
      if (!(error instanceof Error) || !STALE_TOKEN.has(error.name)) throw error;
    }
  }
}
