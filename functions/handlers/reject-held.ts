import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, fundsQueue, now } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { rejectHeld }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/fraud-hold.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => rejectHeld(deps, input) };
  },
  {
    claims,
    fundsQueue,
    now,
  },
);
