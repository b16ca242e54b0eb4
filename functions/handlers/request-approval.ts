import { lazyStepHandler } from '../step/step-handler.ts';
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

export const handler = lazyStepHandler(
  async () => {
    const [{ ApprovalStepInput }, { requestApproval }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/request-approval.ts'),
    ]);
    return { schema: ApprovalStepInput, run: (deps, input) => requestApproval(deps, input) };
  },
  {
    approvalTtlSeconds,
    claims,
    delegations,
    linkBaseUrl,
    linkKey,
    notifier,
    now,
    registry,
    workflow,
  },
);
