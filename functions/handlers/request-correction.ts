import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, notifier, now, registry, tickets, workflow } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ CorrectionStepInput }, { requestCorrection }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/corrections.ts'),
    ]);
    return { schema: CorrectionStepInput, run: (deps, input) => requestCorrection(deps, input) };
  },
  {
    claims,
    notifier,
    now,
    registry,
    tickets,
    workflow,
  },
);
