import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, documents, documentWaits, now, programs } from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { expireDocuments }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/awaiting-documents.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => expireDocuments(deps, input) };
  },
  {
    claims,
    documents,
    documentWaits,
    now,
    programs,
  },
);
