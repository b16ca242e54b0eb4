import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { fundsTimedOut } from '../usecases/awaiting-funds.ts';
import { claims, fundsQueue, now } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => fundsTimedOut(deps, input), {
  claims,
  fundsQueue,
  now,
});
