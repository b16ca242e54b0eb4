import type { Claim } from '../domain/claim.ts';
import { type ClaimDocument, takesDocuments } from '../domain/documents/document.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { log } from '../logging/logger.ts';
import { type ClaimChange, ClaimConflictError } from '../ports/claims-store.ts';
import type { DocumentsAndWait } from '../ports/document-waits.ts';
import {
  completesWait,
  documentsComplete,
  documentsReceivedChange,
  resumeReceived,
} from './awaiting-documents.ts';
import type { Deps } from './deps.ts';
import { checkStoredDocument } from './document-fraud.ts';

/** The attempts to append a document's event when other changes of the claim come first. */
const ATTEMPTS = 6;

/**
 * A document's bytes passed their checks: it becomes STORED together with its audit event on the claim's
 * chain (kind, SHA-256, size, type, uploader), in one transaction; a claim that changed meanwhile is read
 * again. Returns the claim as changed. A claim that became paid, rejected or failed meanwhile takes it
 * no more (409). A second delivery of the same upload finds the document STORED and changes nothing.
 * What follows a stored document (a waiting claim resumed, fraud checks) comes after the event.
 *
 * `read`: the claim's documents and wait as read with it (one Query of its partition). With them, the
 * last required document of a claim waiting for them takes it back to RULES_PASSED (`documents-received`)
 * in the same transaction, and the wait is resumed with the token read; Assess then only looks. Without
 * them, or when the documents read were not all there, the documents and the wait are read once more
 * after the document is stored (another upload may have come at the same moment).
 */
export async function documentStored(
  deps: Pick<
    Deps,
    | 'claims'
    | 'programs'
    | 'documents'
    | 'documentWaits'
    | 'workflow'
    | 'documentHashes'
    | 'imageDates'
    | 'now'
  >,
  claim: Claim,
  document: ClaimDocument,
  /** The document's bytes, for the image-date check (read again when not given). */
  bytes?: Uint8Array,
  read?: DocumentsAndWait,
): Promise<Claim> {
  const { stored, received } = await storeWithEvent(deps, claim, document, read);
  await fraudChecks(deps, stored, document, bytes ?? null);
  // A claim waiting for its required documents goes on once the last one is stored. The document stays
  // kept whatever becomes of that: a resume that fails is logged, and the wait finds the documents again
  // when its window closes (ExpireDocuments sends a claim that has them all back to Assess).
  try {
    if (received !== undefined) await resumeReceived(deps, stored.claimId, received.wait);
    else await documentsComplete(deps, stored);
  } catch (error) {
    log.warn('a claim waiting for documents was not resumed', {
      claimId: stored.claimId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  return stored;
}
/**
 * The fraud checks of the stored document (usecases/document-fraud.ts): the same file on another claim,
 * a photo of a paper taken before the event it evidences. A failure is logged and leaves the document
 * stored: a flag not raised now is no reason to lose the member's file.
 */
async function fraudChecks(
  deps: Pick<Deps, 'claims' | 'documentHashes' | 'imageDates' | 'now'>,
  claim: Claim,
  document: ClaimDocument,
  bytes: Uint8Array | null,
): Promise<void> {
  try {
    await checkStoredDocument(
      deps,
      claim,
      {
        claimId: claim.claimId,
        memberId: claim.memberId,
        documentId: document.documentId,
        kind: document.kind,
        sha256: document.sha256,
        contentType: document.contentType,
      },
      bytes,
    );
  } catch (error) {
    log.error('document fraud checks failed', {
      claimId: claim.claimId,
      documentId: document.documentId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

async function storeWithEvent(
  deps: Pick<Deps, 'claims' | 'programs' | 'documentWaits' | 'now'>,
  claim: Claim,
  document: ClaimDocument,
  read: DocumentsAndWait | undefined,
): Promise<{ stored: Claim; received?: DocumentsAndWait }> {
  let current = claim;
  let partition = read;
  for (let attempt = 1; ; attempt++) {
    if (!takesDocuments(current.status)) {
      throw new Conflict(
        `claim ${current.claimId} is ${current.status}: a paid, rejected or failed claim takes no more documents`,
      );
    }
    const changes: ClaimChange[] = [
      {
        to: current.status,
        actor: { kind: document.uploaderKind, id: document.uploadedBy },
        action: 'document-stored',
        reason: `${document.kind} stored: ${document.contentType}, ${document.bytes} bytes, SHA-256 ${document.sha256}`,
        at: document.storedAt ?? document.uploadedAt,
        event: {
          document: {
            documentId: document.documentId,
            kind: document.kind,
            contentType: document.contentType,
            bytes: document.bytes,
            sha256: document.sha256,
            uploadedBy: document.uploadedBy,
          },
        },
      },
    ];
    const completes =
      partition !== undefined && (await completesWait(deps, current, partition.documents, document));
    if (completes) changes.push(documentsReceivedChange('document-stored', deps.now().toISOString()));
    try {
      const stored = await deps.claims.changeSteps(current, changes, [
        { kind: 'storeDocument', document },
        {
          kind: 'fileDocumentHash',
          document: {
            claimId: current.claimId,
            memberId: current.memberId,
            documentId: document.documentId,
            kind: document.kind,
            sha256: document.sha256,
          },
          storedAt: document.storedAt ?? document.uploadedAt,
        },
      ]);
      return completes ? { stored, received: partition } : { stored };
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      if (error.conflict === 'document-stored') return { stored: current };
      if (error.conflict !== 'stale-claim' || attempt >= ATTEMPTS) throw new Conflict(error.message);
      // Read again as it was read first: with its documents and wait when they came with it.
      if (partition !== undefined) {
        const again = await deps.documentWaits.getWithClaim(current.claimId);
        if (again.claim === null) throw new NotFound(`no claim ${current.claimId}`);
        current = again.claim;
        partition = again;
      } else {
        const again = await deps.claims.get(current.claimId);
        if (again === null) throw new NotFound(`no claim ${current.claimId}`);
        current = again;
      }
    }
  }
}
