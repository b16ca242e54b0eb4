import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Part, wire } from '../wiring/part.ts';
import { httpProblems } from './problems-middleware.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** An API route's Lambda: one use case between request parsing and the response; problems last. */
export function httpHandler<D extends Record<string, unknown>>(
  run: (deps: D, event: HttpEvent) => Promise<HttpResult>,
  /** The ports the route uses (`{ claims, now }`, parts of functions/wiring.ts), built on its first request. */
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const deps = wire(parts);
  return middy<HttpEvent, HttpResult>()
    .use(httpProblems())
    .handler(async (event: HttpEvent) => run(await deps(), event));
}
