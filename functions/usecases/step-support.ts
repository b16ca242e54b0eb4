import type { Claim } from '../domain/claim.ts';
import {
  type ClaimChange,
  ClaimConflictError,
  type ClaimsStore,
  type LinkedWrite,
} from '../ports/claims-store.ts';

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

/** The step's input did not fit the step: a bug or a claim in the wrong state. Not retryable. */
export class StepStateError extends Error {
  override readonly name = 'ClaimStateError';
}
