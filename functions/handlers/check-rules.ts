import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { checkRules } from '../usecases/check-rules.ts';
import { claims, now, programs, registry, usage } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => checkRules(deps, input.claimId), {
  claims,
  now,
  programs,
  registry,
  usage,
});
