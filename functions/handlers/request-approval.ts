import { stepHandler } from '../http/step-handler.ts';
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
import { ApprovalStepInput } from './step-inputs.ts';

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
