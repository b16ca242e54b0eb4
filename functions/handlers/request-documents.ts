import { lazyStepHandler } from '../step/step-handler.ts';
import {
  claims,
  documents,
  documentWaits,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  programs,
  registry,
} from '../wiring.ts';

export const handler = lazyStepHandler(
  async () => {
    const [{ ClaimStepInput }, { requestDocuments }] = await Promise.all([
      import('../schemas/steps.ts'),
      import('../usecases/awaiting-documents.ts'),
    ]);
    return { schema: ClaimStepInput, run: (deps, input) => requestDocuments(deps, input) };
  },
  {
    claims,
    documents,
    documentWaits,
    linkBaseUrl,
    linkKey,
    notifier,
    now,
    programs,
    registry,
  },
);
