import { stepHandler } from '../http/step-handler.ts';
import { rejectHeld } from '../usecases/fraud-hold.ts';
import { claims, fundsQueue, now } from '../wiring.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => rejectHeld(deps, input), {
  claims,
  fundsQueue,
  now,
});
