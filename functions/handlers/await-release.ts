import { CorrectionStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { awaitRelease } from '../usecases/fraud-hold.ts';
import { claims, fraud, now, workflow } from '../wiring.ts';

/** Callback step AwaitRelease: the claim and the task token, as the correction step's input. */
export const handler = stepHandler(CorrectionStepInput, (deps, input) => awaitRelease(deps, input), {
  claims,
  fraud,
  now,
  workflow,
});
