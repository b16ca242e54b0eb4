import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, feedback, linkBaseUrl, linkKey, notifier, now, registry } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ NotifyStepInput }, { notifyMember }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/member-notify.ts'),
    ]);
    return { schema: NotifyStepInput, run: (deps, input) => notifyMember(deps, input) };
  },
  {
    claims,
    feedback,
    linkBaseUrl,
    linkKey,
    notifier,
    now,
    registry,
  },
);
