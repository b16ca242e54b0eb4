import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, documents, documentWaits, now, payments, programs, registry, usage } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { assessClaim }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/assess-claim.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => assessClaim(deps, input.claimId) };
  },
  {
    claims,
    documents,
    documentWaits,
    now,
    payments,
    programs,
    registry,
    usage,
  },
);
