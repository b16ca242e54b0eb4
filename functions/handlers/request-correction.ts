import { stepHandler } from '../step/step-handler.ts';
import { requestCorrection } from '../usecases/corrections.ts';
import { CorrectionStepInput } from './step-inputs.ts';

export const handler = stepHandler(CorrectionStepInput, (deps, input) => requestCorrection(deps, input));
