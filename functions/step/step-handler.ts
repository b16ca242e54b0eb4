import middy from '@middy/core';
import type * as z from 'zod';
import { type Part, wire } from '../wiring/part.ts';
import { stepErrors } from './step-errors.ts';

/** The state passed the step an input it cannot use: a definition bug, never retried. */
export class StepInputError extends Error {
  override readonly name = 'InvalidStepInput';
}

/** A workflow step's Lambda: parse the state input with zod, run one use case, return its result. */
export function stepHandler<S extends z.ZodType, D extends Record<string, unknown>, R>(
  schema: S,
  run: (deps: D, input: z.infer<S>) => Promise<R>,
  /** The ports the step uses (`{ claims, now }`, parts of functions/wiring.ts), built on its first run. */
  parts: { readonly [K in keyof D]: Part<D[K]> },
) {
  const deps = wire(parts);
  return middy<unknown, R>()
    .use(stepErrors())
    .handler(async (event: unknown) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        throw new StepInputError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      return run(await deps(), parsed.data);
    });
}
