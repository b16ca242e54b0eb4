import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one invocation carries: who ran, for which claim and execution. */
export interface InvocationKeys {
  function_name?: string;
  function_request_id?: string;
  cold_start?: boolean;
  claimId?: string;
  executionArn?: string;
}

/**
 * The keys of the invocation that is running. Kept per async context rather than on the logger, so
 * invocations that overlap in one process (the local runtime runs every function in-process) never
 * lend each other their claim id or request id.
 */
const current = new AsyncLocalStorage<InvocationKeys>();

/** Runs `fn` with a fresh set of keys that the handler's middlewares fill in. */
export function withInvocationKeys<T>(fn: () => T): T {
  return current.run({}, fn);
}

/** The running invocation's keys (an empty set outside one). */
export function invocationKeys(): InvocationKeys {
  return current.getStore() ?? {};
}

/** Tags the rest of the running invocation's lines with a claim id it learnt on the way (a new claim's). */
export function tagClaim(claimId: string): void {
  const keys = current.getStore();
  if (keys !== undefined) keys.claimId = claimId;
}
