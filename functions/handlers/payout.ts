import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { payoutStep } from '../usecases/payout-step.ts';
import {
  budgets,
  claims,
  feedback,
  fundsQueue,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  payeeKey,
  registry,
  workflow,
} from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => payoutStep(deps, input.claimId), {
  budgets,
  claims,
  feedback,
  fundsQueue,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  payeeKey,
  registry,
  workflow,
});
