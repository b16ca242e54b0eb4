import { stepHandler } from '../step/step-handler.ts';
import { requestApproval } from '../usecases/request-approval.ts';
import { ApprovalStepInput } from './step-inputs.ts';

export const handler = stepHandler(ApprovalStepInput, (deps, input) => requestApproval(deps, input));
