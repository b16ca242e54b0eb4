import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { verifyMembership } from '../usecases/verify-membership.ts';
import { claims, now, programs, registry } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => verifyMembership(deps, input.claimId), {
  claims,
  now,
  programs,
  registry,
});
