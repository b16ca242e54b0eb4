import middy from '@middy/core';
import type * as z from 'zod';
import type { Deps } from '../usecases/deps.ts';
import { appDeps } from '../wiring.ts';
import { stepErrors } from './step-errors.ts';

/** The state passed the step an input it cannot use: a definition bug, never retried. */
export class StepInputError extends Error {
  override readonly name = 'InvalidStepInput';
}

/** A workflow step's Lambda: parse the state input with zod, run one use case, return its result. */
export function stepHandler<S extends z.ZodType, R>(
  schema: S,
  run: (deps: Deps, input: z.infer<S>) => Promise<R>,
  deps: () => Deps = appDeps,
) {
  return middy<unknown, R>()
    .use(stepErrors())
    .handler(async (event: unknown) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        throw new StepInputError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      return run(deps(), parsed.data);
    });
}
