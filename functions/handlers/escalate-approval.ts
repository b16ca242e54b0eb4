import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, now, registry } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ EscalationStepInput }, { escalateApproval }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/escalation.ts'),
    ]);
    return { schema: EscalationStepInput, run: (deps, input) => escalateApproval(deps, input) };
  },
  {
    claims,
    now,
    registry,
  },
);
