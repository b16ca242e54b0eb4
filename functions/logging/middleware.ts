import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { invocationKeys } from './context.ts';
import { log } from './logger.ts';

/** The claim id (and execution ARN, when the state passes one) an event is about, if any. */
export type KeysOf<E> = (event: E) => { claimId?: string; executionArn?: string };

/**
 * The first middleware of both handler factories: fills the invocation's log keys (function, request
 * id, cold start, claim id, execution ARN) that every line the invocation writes carries. The keys live
 * for the invocation only (`withInvocationKeys`), so nothing has to be reset after it.
 */
export function logContext<E>(keysOf: KeysOf<E>): MiddlewareObj<E, unknown, Error, Context> {
  let cold = true;
  let started = 0;
  /** The invocation's one line of its own: what answered (a route's status) and how long it took. */
  const finished = (response: unknown, error?: unknown) => {
    const status = (response as { statusCode?: unknown } | undefined)?.statusCode;
    const fields = {
      durationMs: Math.round(performance.now() - started),
      ...(typeof status === 'number' ? { status } : {}),
      ...(error instanceof Error ? { error: error.name } : {}),
    };
    if (error !== undefined && response === undefined) log.warn('invocation failed', fields);
    else log.info('invocation finished', fields);
  };
  return {
    after: (request) => finished(request.response),
    onError: (request) => finished(request.response, request.error),
    before: (request) => {
      started = performance.now();
      const keys = invocationKeys();
      keys.function_name = request.context?.functionName;
      keys.function_request_id = request.context?.awsRequestId;
      keys.cold_start = cold;
      cold = false;
      const { claimId, executionArn } = keysOf(request.event);
      if (claimId !== undefined) keys.claimId = claimId;
      if (executionArn !== undefined) keys.executionArn = executionArn;
    },
  };
}

const CLAIM_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** A step's state input: `claimId` and, when the definition passes `$$.Execution.Id`, `executionArn`. */
export function stepKeys(event: unknown): { claimId?: string; executionArn?: string } {
  const input = (event ?? {}) as Record<string, unknown>;
  const claimId =
    typeof input.claimId === 'string' && CLAIM_ID.test(input.claimId) ? input.claimId : undefined;
  const executionArn =
    typeof input.executionArn === 'string' && input.executionArn.startsWith('arn:')
      ? input.executionArn
      : undefined;
  return { claimId, executionArn };
}

/** A route's event: the claim id in its path (`/claims/{claimId}/...`), if any. */
export function httpKeys(event: { pathParameters?: Record<string, string | undefined> }): {
  claimId?: string;
} {
  const claimId = event.pathParameters?.claimId;
  return claimId !== undefined && CLAIM_ID.test(claimId) ? { claimId } : {};
}
