import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, fundsQueue, now } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { fundsTimedOut }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/awaiting-funds.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => fundsTimedOut(deps, input) };
  },
  {
    claims,
    fundsQueue,
    now,
  },
);
