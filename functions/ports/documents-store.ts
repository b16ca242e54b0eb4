import type { ClaimDocument } from '../domain/documents/document.ts';

/**
 * Claims' documents as items of the claims table (`CLAIM#<claimId>` / `DOC#<documentId>`). A document
 * becomes STORED only together with its audit event (the `storeDocument` write of ClaimsStore.change).
 */
export interface DocumentsStore {
  /** Records an upload target issued (status PENDING). */
  createPending(document: ClaimDocument): Promise<void>;
  getDocument(claimId: string, documentId: string): Promise<ClaimDocument | null>;
  /** Every document of a claim, PENDING and STORED, oldest first. */
  listDocuments(claimId: string): Promise<ClaimDocument[]>;
  /** Removes a document that is still PENDING (a refused upload); a STORED one is kept. */
  removePending(claimId: string, documentId: string): Promise<void>;
}
