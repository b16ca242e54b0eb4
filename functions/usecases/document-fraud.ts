import type { Claim } from '../domain/claim.ts';
import { type DocumentOnClaim, documentPredatesIncident, documentReuse } from '../domain/fraud/documents.ts';
import type { DocumentHashes } from '../ports/document-hashes.ts';
import type { StoredFlag } from '../ports/fraud-store.ts';
import type { ImageDates } from '../ports/thumbnails.ts';
import type { Deps } from './deps.ts';
import { raiseFlagOn } from './raise-flag.ts';

export interface DocumentFraudDeps extends Pick<Deps, 'claims' | 'now'> {
  readonly documentHashes: DocumentHashes;
  readonly imageDates: ImageDates;
}

/**
 * The fraud checks of a document just stored (its hash already filed under `DOCHASH#<sha256>` in the
 * same transaction): the same file on other claims flags both claims of each pair, and a photo of a paper
 * taken before the event the paper evidences (the claim's incident day) flags the claim; a photo taken
 * after the submission does not. Each flag is raised once, with its audit event; on a
 * claim in flight it holds payout until staff clear it, on a paid claim it goes to the review list.
 * Returns the flags raised now.
 */
export async function checkStoredDocument(
  deps: DocumentFraudDeps,
  claim: Claim,
  document: DocumentOnClaim & { readonly contentType: string },
  bytes: Uint8Array | null,
): Promise<StoredFlag[]> {
  const filed = await deps.documentHashes.filedWith(document.sha256);
  const takenAt = bytes === null ? null : await deps.imageDates.takenAt(bytes, document.contentType);
  const early = documentPredatesIncident(claim, document, takenAt);
  const flags = [...documentReuse(document, filed), ...(early === null ? [] : [early])];
  const at = deps.now().toISOString();
  const raised: StoredFlag[] = [];
  for (const flag of flags) {
    const stored = await raiseFlagOn(deps, flag.claimId, flag.flag, 'document-checks', at);
    if (stored !== null) raised.push(stored);
  }
  return raised;
}
