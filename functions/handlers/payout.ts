import { lazyStepHandler } from '../step/step-handler.ts';
import {
  budgets,
  claims,
  feedback,
  fundsQueue,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  payeeKey,
  registry,
  workflow,
} from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { payoutStep }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/payout-step.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => payoutStep(deps, input.claimId) };
  },
  {
    budgets,
    claims,
    feedback,
    fundsQueue,
    linkBaseUrl,
    linkKey,
    notifier,
    now,
    payeeKey,
    registry,
    workflow,
  },
);
