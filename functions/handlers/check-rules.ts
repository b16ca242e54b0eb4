import { stepHandler } from '../step/step-handler.ts';
import { checkRules } from '../usecases/check-rules.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => checkRules(deps, input.claimId));
