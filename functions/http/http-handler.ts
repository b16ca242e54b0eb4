import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { withInvocationKeys } from '../logging/context.ts';
import { httpKeys, logContext } from '../logging/middleware.ts';
import { tracing } from '../tracing/tracer.ts';
import { type Part, wire } from '../wiring/part.ts';
import { httpProblems } from './problems-middleware.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * An API route's Lambda: one use case between request parsing and the response; the log keys first
 * (claim id from the path, request id, cold start), problems last.
 */
export function httpHandler<D extends Record<string, unknown>>(
  run: (deps: D, event: HttpEvent) => Promise<HttpResult>,
  /** The ports the route uses (`{ claims, now }`, parts of functions/wiring.ts), built on its first request. */
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const deps = wire(parts);
  const handler = middy<HttpEvent, HttpResult>()
    .use(logContext<HttpEvent>(httpKeys))
    .use(tracing())
    .use(httpProblems())
    .handler(async (event: HttpEvent) => run(await deps(), event));
  return (event: HttpEvent, context: Context): Promise<HttpResult> =>
    withInvocationKeys(() => handler(event, context));
}
