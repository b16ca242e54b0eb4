import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { httpKeys, logContext } from '../logging/middleware.ts';
import { tracing } from '../tracing/tracer.ts';
import type { HttpEvent, HttpResult } from './http-handler.ts';
import { httpProblems } from './problems-middleware.ts';

/**
 * A route's middy chain around `run`: the log keys first (claim id from the path, request id, cold
 * start), the trace, problems last. Loaded by `import()` on a route's first request (http-handler.ts,
 * lazy-http-handler.ts), so middy, the middlewares and the problem responses are not parsed at import.
 */
export function httpChain(
  run: (event: HttpEvent) => Promise<HttpResult>,
): (event: HttpEvent, context: Context) => Promise<HttpResult> {
  return middy<HttpEvent, HttpResult>()
    .use(logContext<HttpEvent>(httpKeys))
    .use(tracing())
    .use(httpProblems())
    .handler(run);
}
