import { ClaimStepInput } from '../schemas/steps.ts';
import { stepHandler } from '../step/step-handler.ts';
import { requestDocuments } from '../usecases/awaiting-documents.ts';
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

export const handler = stepHandler(ClaimStepInput, (deps, input) => requestDocuments(deps, input), {
  claims,
  documents,
  documentWaits,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  programs,
  registry,
});
