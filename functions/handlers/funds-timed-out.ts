import { stepHandler } from '../http/step-handler.ts';
import { fundsTimedOut } from '../usecases/awaiting-funds.ts';
import { claims, fundsQueue, now } from '../wiring.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => fundsTimedOut(deps, input), {
  claims,
  fundsQueue,
  now,
});
