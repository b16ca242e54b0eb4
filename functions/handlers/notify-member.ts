import * as z from 'zod';
import { stepHandler } from '../http/step-handler.ts';
import { MEMBER_NOTICES, notifyMember } from '../usecases/member-notify.ts';
import { claims, feedback, linkBaseUrl, linkKey, notifier, now, registry } from '../wiring.ts';

const NotifyStepInput = z.object({
  claimId: z.string().min(1).max(80),
  notice: z.enum(MEMBER_NOTICES),
});

export const handler = stepHandler(NotifyStepInput, (deps, input) => notifyMember(deps, input), {
  claims,
  feedback,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  registry,
});
