import { stepHandler } from '../step/step-handler.ts';
import { escalateApproval } from '../usecases/escalation.ts';
import { EscalationStepInput } from './step-inputs.ts';

export const handler = stepHandler(EscalationStepInput, (deps, input) => escalateApproval(deps, input));
