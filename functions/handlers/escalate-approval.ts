import { EscalationStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { escalateApproval } from '../usecases/escalation.ts';
import { claims, now, registry } from '../wiring.ts';

export const handler = stepHandler(EscalationStepInput, (deps, input) => escalateApproval(deps, input), {
  claims,
  now,
  registry,
});
