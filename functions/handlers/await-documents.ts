import { CorrectionStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { awaitDocuments } from '../usecases/awaiting-documents.ts';
import { claims, documents, documentWaits, programs, workflow } from '../wiring.ts';

/** The callback step's input has the same shape as the correction step's: the claim and the task token. */
export const handler = stepHandler(CorrectionStepInput, (deps, input) => awaitDocuments(deps, input), {
  claims,
  documents,
  documentWaits,
  programs,
  workflow,
});
