import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { assessClaim } from '../usecases/assess-claim.ts';
import { claims, documents, documentWaits, now, programs, registry, usage } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => assessClaim(deps, input.claimId), {
  claims,
  documents,
  documentWaits,
  now,
  programs,
  registry,
  usage,
});
