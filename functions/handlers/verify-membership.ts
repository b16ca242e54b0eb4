import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { verifyMembership } from '../usecases/verify-membership.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => verifyMembership(deps, input.claimId));
