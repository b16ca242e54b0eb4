import { stepHandler } from '../step/step-handler.ts';
import { fundsTimedOut } from '../usecases/awaiting-funds.ts';
import { ClaimStepInput } from './step-inputs.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => fundsTimedOut(deps, input));
