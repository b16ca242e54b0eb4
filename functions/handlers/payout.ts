import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { payout } from '../usecases/payout.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => payout(deps, input.claimId));
