import { stepHandler } from '../step/step-handler.ts';
import { rejectHeld } from '../usecases/fraud-hold.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => rejectHeld(deps, input));
