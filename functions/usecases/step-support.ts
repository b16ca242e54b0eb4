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
 * Events that record something beside the claim's course (a document stored) without changing its
 * status or any field a step reads: a step whose change lost the race to one of them applies it again.
 */
export const SIDE_EVENT_ACTIONS: ReadonlySet<string> = new Set(['document-stored']);

/** How often a step's change is applied again after side events came first. */
const SIDE_EVENT_RETRIES = 5;

/**
 * Applies a step's change once. When another run of the same step (a retry or a redrive) changed the
 * claim first, returns the claim as it now stands, so the caller reads the stored outcome instead. When
 * only side events (SIDE_EVENT_ACTIONS) came between, the change is applied to the claim as it now stands.
 */
export async function changeOnce(
  claims: ClaimsStore,
  claim: Claim,
  change: ClaimChange,
  linked?: readonly LinkedWrite[],
): Promise<Claim> {
  let current = claim;
  for (let attempt = 0; ; attempt++) {
    try {
      return await claims.change(current, change, linked);
    } catch (error) {
      if (!(error instanceof ClaimConflictError && error.conflict === 'stale-claim')) throw error;
      const { claim: now, timeline } = await claims.getWithTimeline(current.claimId);
      if (now === null) throw new ClaimNotFoundError(`claim ${current.claimId} does not exist`);
      const since = timeline.filter((event) => event.seq > current.version);
      const sideOnly =
        since.length > 0 &&
        since.every((event) => event.from === event.to && SIDE_EVENT_ACTIONS.has(event.action));
      if (!sideOnly || attempt >= SIDE_EVENT_RETRIES) return now;
      current = now;
    }
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

/** SendTaskSuccess / SendTaskFailure errors that mean the task no longer waits on that token. */
const STALE_TOKEN = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/**
 * Resumes a callback step with the token stored now, read after the decision was recorded: a redrive
 * that stored a newer token is either seen here, or sees the decision itself and resumes its own
 * execution. A token gone stale once is read again. `hand` resumes the step (by default SendTaskSuccess
 * with `output`; an approval decision passes its own hand-off, which may be a task failure).
 */
export async function resumeWithStoredToken<T>(
  workflow: Workflow,
  readToken: () => Promise<string | null>,
  output: T,
  hand: (workflow: Workflow, token: string, output: T) => Promise<void> = (w, token, o) =>
    w.sendTaskSuccess(token, o),
): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await readToken();
    if (token === null) return;
    try {
      await hand(workflow, token, output);
      return;
    } catch (error) {
      if (!(error instanceof Error) || !STALE_TOKEN.has(error.name)) throw error;
    }
  }
}
