import { stepHandler } from '../http/step-handler.ts';
import { payout } from '../usecases/payout.ts';
import { budgets, claims, fundsQueue, now, workflow } from '../wiring.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => payout(deps, input.claimId), {
  budgets,
  claims,
  fundsQueue,
  now,
  workflow,
});
