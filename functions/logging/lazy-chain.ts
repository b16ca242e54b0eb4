import type { Context } from 'aws-lambda';
import { loadOnce } from '../step/load-once.ts';
import { withInvocationKeys } from './context.ts';
import { loadLogger, log } from './logger.ts';

/**
 * A handler whose middy chain (`load`: an `import()` of its chain module, then the chain built) and
 * Powertools Logger are loaded on the first invocation, once per container, before the chain's first
 * middleware runs: every line of an invocation is the logger's, and a cold start parses neither. A load
 * that failed is logged (a plain line with the same fields) and tried again on the next invocation.
 */
export function lazyChain<E, R>(
  load: () => Promise<(event: E, context: Context) => Promise<R>>,
): (event: E, context: Context) => Promise<R> {
  const chain = loadOnce(async () => {
    const [run] = await Promise.all([load(), loadLogger()]);
    return run;
  });
  return (event, context) =>
    withInvocationKeys(async () => {
      let run: (event: E, context: Context) => Promise<R>;
      try {
        run = await chain();
      } catch (error) {
        log.error('handler load failed', { error: error instanceof Error ? error.name : String(error) });
        throw error;
      }
      return run(event, context);
    });
}
