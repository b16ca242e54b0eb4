import { stepHandler } from '../http/step-handler.ts';
import { markFailed } from '../usecases/mark-failed.ts';
import { claims, now } from '../wiring.ts';
import { FailedStepInput } from './step-inputs.ts';

export const handler = stepHandler(FailedStepInput, (deps, input) => markFailed(deps, input), {
  claims,
  now,
});
