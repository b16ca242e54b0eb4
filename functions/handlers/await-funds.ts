import { CorrectionStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { awaitFunds } from '../usecases/awaiting-funds.ts';
import { budgets, claims, fundsQueue, now, workflow } from '../wiring.ts';

/** The callback step's input has the same shape as the correction step's: the claim and the task token. */
export const handler = stepHandler(CorrectionStepInput, (deps, input) => awaitFunds(deps, input), {
  budgets,
  claims,
  fundsQueue,
  now,
  workflow,
});
