import { stepHandler } from '../step/step-handler.ts';
import { markFailed } from '../usecases/mark-failed.ts';
import { FailedStepInput } from './step-inputs.ts';

export const handler = stepHandler(FailedStepInput, (deps, input) => markFailed(deps, input));
