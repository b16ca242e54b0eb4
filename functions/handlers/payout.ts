import { stepHandler } from '../step/step-handler.ts';
import { payout } from '../usecases/payout.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => payout(deps, input.claimId));
