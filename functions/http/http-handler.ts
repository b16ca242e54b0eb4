import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lazyChain } from '../logging/lazy-chain.ts';
import { type Part, wire } from '../wiring/part.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * An API route's Lambda: one use case between request parsing and the response; the log keys first
 * (claim id from the path, request id, cold start), problems last. The chain (middy, the middlewares,
 * the problems) and the logger are loaded on the first request (`lazyChain`), not at import.
 */
export function httpHandler<D extends Record<string, unknown>>(
  run: (deps: D, event: HttpEvent) => Promise<HttpResult>,
  /** The ports the route uses (`{ claims, now }`, parts of functions/wiring.ts), built on its first request. */
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const deps = wire(parts);
  return lazyChain<HttpEvent, HttpResult>(async () =>
    (await import('./http-chain.ts')).httpChain(async (event: HttpEvent) => run(await deps(), event)),
  );
}
