import type { DocumentOnClaim } from '../domain/fraud/documents.ts';

/**
 * The index of stored documents by content hash (`DOCHASH#<sha256>` / `CLAIM#<claimId>#DOC#<documentId>`
 * in the claims table), written in the transaction that marks a document STORED: who else holds the
 * same file is one query, never a scan.
 */
export interface DocumentHashes {
  /** The stored documents with this SHA-256, on any claim (at most `limit`). */
  filedWith(sha256: string, limit?: number): Promise<DocumentOnClaim[]>;
}
