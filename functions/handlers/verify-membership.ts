import { stepHandler } from '../step/step-handler.ts';
import { verifyMembership } from '../usecases/verify-membership.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => verifyMembership(deps, input.claimId));
