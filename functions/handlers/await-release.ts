import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, fraud, now, workflow } from '../wiring.ts';

/** Callback step AwaitRelease: the claim and the task token, as the correction step's input. */
export const handler = lazyStepHandler(
  async () => {
    const [{ CorrectionStepInput }, { awaitRelease }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/fraud-hold.ts'),
    ]);
    return { schema: CorrectionStepInput, run: (deps, input) => awaitRelease(deps, input) };
  },
  {
    claims,
    fraud,
    now,
    workflow,
  },
);
