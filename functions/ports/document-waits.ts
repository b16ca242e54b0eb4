import type { Claim } from '../domain/claim.ts';
import type { ClaimDocument } from '../domain/documents/document.ts';

/**
 * A claim waiting in AWAITING_DOCUMENTS for documents its benefit requires: the workflow's task token
 * (it never leaves the server), the window, and the member's upload link (stored as a seed: the link's
 * token is derived from it with the link key, and only the token's hash keys the link).
 */
export interface DocumentWait {
  readonly claimId: string;
  readonly memberId: string;
  /** The required kinds that were not stored when the claim began to wait. */
  readonly missing: readonly string[];
  readonly startedAt: string;
  /** When the window closes (the claim is then rejected); a later wait of the same claim keeps it. */
  readonly dueAt: string;
  /** What the upload link's token is derived from (domain/ids.ts linkIdFromSeed). */
  readonly seed: string;
  /** SHA-256 of the upload link's token. */
  readonly linkHash: string;
  /** The callback step's token the execution waits on now (null until the step records it). */
  readonly taskToken: string | null;
  /** The token SendTaskSuccess was sent to: a resume of that token is not sent again. */
  readonly resumedToken: string | null;
  /** Set once the member's SMS with the upload link went out. */
  readonly notified: boolean;
}

/** A claim's documents and its wait, read together (one Query of the claim's partition). */
export interface DocumentsAndWait {
  /** Every document of the claim, PENDING and STORED, oldest first. */
  readonly documents: ClaimDocument[];
  readonly wait: DocumentWait | null;
}

export interface DocumentWaits {
  /** Creates the claim's wait (and its upload link) unless it exists; returns the stored wait either way. */
  open(wait: DocumentWait): Promise<DocumentWait>;
  get(claimId: string): Promise<DocumentWait | null>;
  /** The claim's documents and its wait, in one read. */
  getWithDocuments(claimId: string): Promise<DocumentsAndWait>;
  /** The claim itself with its documents and its wait, in one read (null: no such claim). */
  getWithClaim(claimId: string): Promise<DocumentsAndWait & { readonly claim: Claim | null }>;
  /** The wait behind an upload link, by the SHA-256 of its token. */
  getByLink(linkHash: string): Promise<DocumentWait | null>;
  /**
   * Keeps the task token the execution waits on now (a redrive's replaces the one before); false when
   * the claim has no wait.
   */
  setTaskToken(claimId: string, taskToken: string): Promise<boolean>;
  markNotified(claimId: string): Promise<void>;
  /** Records that `taskToken` was resumed. */
  markResumed(claimId: string, taskToken: string): Promise<void>;
}
