import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Deps } from '../usecases/deps.ts';
import { appDeps } from '../wiring.ts';
import { httpProblems } from './problems-middleware.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** An API route's Lambda: one use case between request parsing and the response; problems last. */
export function httpHandler(
  run: (deps: Deps, event: HttpEvent) => Promise<HttpResult>,
  deps: () => Deps = appDeps,
) {
  return middy<HttpEvent, HttpResult>()
    .use(httpProblems())
    .handler((event: HttpEvent) => run(deps(), event));
}
