import type * as z from 'zod';
import { lazyChain } from '../logging/lazy-chain.ts';
import { type Part, wire } from '../wiring/part.ts';
import { loadOnce } from './load-once.ts';

/** The state passed the step an input it cannot use: a definition bug, never retried. */
export class StepInputError extends Error {
  override readonly name = 'InvalidStepInput';
}

/**
 * A workflow step's Lambda: parse the state input with zod, run one use case, return its result. Every
 * log line of the step carries the claim id of its input (and the execution ARN when the state passes
 * `executionArn`), the request id and cold start.
 */
export function stepHandler<S extends z.ZodType, D extends Record<string, unknown>, R>(
  schema: S,
  run: (deps: D, input: z.infer<S>) => Promise<R>,
  /** The ports the step uses (`{ claims, now }`, parts of functions/wiring.ts), built on its first run. */
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const deps = wire(parts);
  return lazyChain<unknown, R>(async () =>
    (await import('./step-chain.ts')).stepChain(async (event: unknown) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        throw new StepInputError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      return run(await deps(), parsed.data);
    }),
  );
}

/** What a lazily loaded step runs: its input schema and its use case. */
export interface StepModule<S extends z.ZodType, D, R> {
  readonly schema: S;
  readonly run: (deps: D, input: z.infer<S>) => Promise<R>;
}

/**
 * stepHandler whose schema and use case are loaded by `load` (dynamic `import()`s) on the first
 * invocation, once per container: in the Lambda asset they are chunks of their own, so zod, the domain
 * rules and the use case are not parsed at import (a cold start parses only the handler's module).
 */
export function lazyStepHandler<S extends z.ZodType, D extends Record<string, unknown>, R>(
  load: () => Promise<StepModule<S, D, R>>,
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const step = loadOnce(load);
  const deps = wire(parts);
  return lazyChain<unknown, R>(async () =>
    (await import('./step-chain.ts')).stepChain(async (event: unknown) => {
      const { schema, run } = await step();
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        throw new StepInputError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      return run(await deps(), parsed.data);
    }),
  );
}
