import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, now } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ FailedStepInput }, { markFailed }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/mark-failed.ts'),
    ]);
    return { schema: FailedStepInput, run: (deps, input) => markFailed(deps, input) };
  },
  {
    claims,
    now,
  },
);
