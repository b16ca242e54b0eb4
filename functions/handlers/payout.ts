import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { payout } from '../usecases/payout.ts';
import { budgets, claims, fundsQueue, now, payeeKey, workflow } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => payout(deps, input.claimId), {
  budgets,
  claims,
  fundsQueue,
  now,
  payeeKey,
  workflow,
});
