import { log } from '../logging/logger.ts';
import { lazyStepHandler } from '../step/step-handler.ts';
import {
  claims,
  documentFiles,
  documentHashes,
  documents,
  documentWaits,
  imageDates,
  now,
  programs,
  workflow,
} from '../wiring.ts';

/**
 * The documents bucket's "Object Created" event (EventBridge │ the local upload endpoint): the file of
 * an upload form is checked against its declaration (type sniffed from the bytes, size, SHA-256) and
 * stored with its audit event, or refused and removed with its PENDING item.
 */
export const handler = lazyStepHandler(
  async () => {
    const [{ DocumentObjectCreated }, { completeUpload }] = await Promise.all([
      import('../schemas/events.ts'),
      import('../usecases/documents.ts'),
    ]);
    return {
      schema: DocumentObjectCreated,
      run: async (deps, { detail }) => {
        const outcome = await completeUpload(deps, detail.object.key);
        if (outcome.stored) {
          const { documentId, claimId, kind, sha256, bytes } = outcome.document;
          return { stored: true, documentId, claimId, kind, sha256, bytes };
        }
        log.warn('document refused', { key: detail.object.key, ...outcome.refusal });
        return { stored: false, refusal: outcome.refusal };
      },
    };
  },
  { claims, documentFiles, documentHashes, documents, documentWaits, imageDates, now, programs, workflow },
);
