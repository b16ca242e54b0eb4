import { ApprovalStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { requestApproval } from '../usecases/request-approval.ts';
import {
  approvalTtlSeconds,
  claims,
  delegations,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  registry,
  workflow,
} from '../wiring.ts';

export const handler = stepHandler(ApprovalStepInput, (deps, input) => requestApproval(deps, input), {
  approvalTtlSeconds,
  claims,
  delegations,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  registry,
  workflow,
});
