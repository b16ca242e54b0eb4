import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { expireDocuments } from '../usecases/awaiting-documents.ts';
import { claims, documents, documentWaits, now, programs } from '../wiring.ts';

export const handler = stepHandler(ClaimStepInput, (deps, input) => expireDocuments(deps, input), {
  claims,
  documents,
  documentWaits,
  now,
  programs,
});
