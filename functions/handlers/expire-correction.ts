import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, now, tickets } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { expireCorrection }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/corrections.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => expireCorrection(deps, input) };
  },
  {
    claims,
    now,
    tickets,
  },
);
