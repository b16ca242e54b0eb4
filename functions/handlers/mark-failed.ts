import { FailedStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { markFailed } from '../usecases/mark-failed.ts';
import { claims, now } from '../wiring.ts';

export const handler = stepHandler(FailedStepInput, (deps, input) => markFailed(deps, input), {
  claims,
  now,
});
