import { CorrectionStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { requestCorrection } from '../usecases/corrections.ts';
import { claims, notifier, now, registry, tickets, workflow } from '../wiring.ts';

export const handler = stepHandler(CorrectionStepInput, (deps, input) => requestCorrection(deps, input), {
  claims,
  notifier,
  now,
  registry,
  tickets,
  workflow,
});
