import { stepHandler } from '../http/step-handler.ts';
import { requestCorrection } from '../usecases/corrections.ts';
import { claims, notifier, now, registry, tickets, workflow } from '../wiring.ts';
import { CorrectionStepInput } from './step-inputs.ts';

export const handler = stepHandler(CorrectionStepInput, (deps, input) => requestCorrection(deps, input), {
  claims,
  notifier,
  now,
  registry,
  tickets,
  workflow,
});
