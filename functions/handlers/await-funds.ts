import { lazyStepHandler } from '../step/step-handler.ts';
import { budgets, claims, fundsQueue, now, workflow } from '../wiring.ts';

/** The callback step's input has the same shape as the correction step's: the claim and the task token. */
export const handler = lazyStepHandler(
  async () => {
    const [{ CorrectionStepInput }, { awaitFunds }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/awaiting-funds.ts'),
    ]);
    return { schema: CorrectionStepInput, run: (deps, input) => awaitFunds(deps, input) };
  },
  {
    budgets,
    claims,
    fundsQueue,
    now,
    workflow,
  },
);
