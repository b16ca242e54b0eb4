import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { expireCorrection } from '../usecases/corrections.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => expireCorrection(deps, input));
