import { stepHandler } from '../step/step-handler.ts';
import { expireCorrection } from '../usecases/corrections.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => expireCorrection(deps, input));
