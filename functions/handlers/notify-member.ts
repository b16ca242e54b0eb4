import { NotifyStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { notifyMember } from '../usecases/member-notify.ts';

export const handler = stepHandler(NotifyStepInput, (deps, input) => notifyMember(deps, input));
