import { lazyChain } from '../logging/lazy-chain.ts';
import { loadOnce } from '../step/load-once.ts';
import { type Part, wire } from '../wiring/part.ts';
import type { HttpEvent, HttpResult } from './http-handler.ts';

/** What a lazily loaded route runs: one use case between request parsing and the response. */
export type HttpRoute<D> = (deps: D, event: HttpEvent) => Promise<HttpResult>;

/**
 * httpHandler whose route (its request parsing, schema, use case and page rendering) is loaded by `load`
 * (dynamic `import()`s) on the first request, once per container, and loaded again on the next request
 * after a load failed. In the Lambda asset they are chunks of their own, so a cold start parses only the
 * handler's module and the middy edge; the middleware, the problems and the responses are httpHandler's.
 */
export function lazyHttpHandler<D extends Record<string, unknown>>(
  load: () => Promise<HttpRoute<D>>,
  /** The ports the route uses (`{ claims, now }`, parts of functions/wiring.ts), built on its first request. */
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const route = loadOnce(load);
  const deps = wire(parts);
  return lazyChain<HttpEvent, HttpResult>(async () =>
    (await import('./http-chain.ts')).httpChain(async (event: HttpEvent) => {
      const run = await route();
      return run(await deps(), event);
    }),
  );
}
