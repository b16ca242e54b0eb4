import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { expireCorrection } from '../usecases/corrections.ts';
import { claims, now, tickets } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => expireCorrection(deps, input), {
  claims,
  now,
  tickets,
});
