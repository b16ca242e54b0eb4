import { NotifyStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { notifyMember } from '../usecases/member-notify.ts';
import { claims, feedback, linkBaseUrl, linkKey, notifier, now, registry } from '../wiring.ts';

export const handler = stepHandler(NotifyStepInput, (deps, input) => notifyMember(deps, input), {
  claims,
  feedback,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  registry,
});
