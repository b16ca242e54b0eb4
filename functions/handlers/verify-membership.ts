import { stepHandler } from '../http/step-handler.ts';
import { verifyMembership } from '../usecases/verify-membership.ts';
import { claims, now, programs, registry } from '../wiring.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => verifyMembership(deps, input.claimId), {
  claims,
  now,
  programs,
  registry,
});
