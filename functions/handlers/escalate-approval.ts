import { stepHandler } from '../http/step-handler.ts';
import { escalateApproval } from '../usecases/escalation.ts';
import { claims, now, registry } from '../wiring.ts';
import { EscalationStepInput } from './step-inputs.ts';

export const handler = stepHandler(EscalationStepInput, (deps, input) => escalateApproval(deps, input), {
  claims,
  now,
  registry,
});
