import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { rejectHeld } from '../usecases/fraud-hold.ts';
import { claims, fundsQueue, now } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => rejectHeld(deps, input), {
  claims,
  fundsQueue,
  now,
});
