import { lazyStepHandler } from '../step/step-handler.ts';
import { claims, documents, documentWaits, programs, workflow } from '../wiring.ts';

/** The callback step's input has the same shape as the correction step's: the claim and the task token. */
export const handler = lazyStepHandler(
  async () => {
    const [{ CorrectionStepInput }, { awaitDocuments }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/awaiting-documents.ts'),
    ]);
    return { schema: CorrectionStepInput, run: (deps, input) => awaitDocuments(deps, input) };
  },
  {
    claims,
    documents,
    documentWaits,
    programs,
    workflow,
  },
);
