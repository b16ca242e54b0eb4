import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logContext, stepKeys } from '../logging/middleware.ts';
import { tracing } from '../tracing/tracer.ts';
import { stepErrors } from './step-errors.ts';

/**
 * A step's middy chain around `run`: the log keys first (claim id and execution ARN of the input,
 * request id, cold start), the trace, transient errors made retryable last. Loaded by `import()` on a
 * step's first invocation (step-handler.ts), so middy and the middlewares are not parsed at import.
 */
export function stepChain<R>(
  run: (event: unknown) => Promise<R>,
): (event: unknown, context: Context) => Promise<R> {
  return middy<unknown, R>().use(logContext<unknown>(stepKeys)).use(tracing()).use(stepErrors()).handler(run);
}
