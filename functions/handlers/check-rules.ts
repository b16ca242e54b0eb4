import { stepHandler } from '../http/step-handler.ts';
import { checkRules } from '../usecases/check-rules.ts';
import { claims, now, programs, registry, usage } from '../wiring.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => checkRules(deps, input.claimId), {
  claims,
  now,
  programs,
  registry,
  usage,
});
