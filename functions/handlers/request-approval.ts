import { ApprovalStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { requestApproval } from '../usecases/request-approval.ts';

export const handler = stepHandler(ApprovalStepInput, (deps, input) => requestApproval(deps, input));
