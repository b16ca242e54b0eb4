import { stepHandler } from '../http/step-handler.ts';
import { expireCorrection } from '../usecases/corrections.ts';
import { claims, now, tickets } from '../wiring.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => expireCorrection(deps, input), {
  claims,
  now,
  tickets,
});
