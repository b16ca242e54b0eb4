import { type Claim, FINAL_STATUSES } from '../domain/claim.ts';
import {
  type DocumentOnClaim,
  documentReuse,
  type FlagOnClaim,
  lateDocumentDate,
} from '../domain/fraud/documents.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { DocumentHashes } from '../ports/document-hashes.ts';
import type { StoredFlag } from '../ports/fraud-store.ts';
import type { ImageDates } from '../ports/thumbnails.ts';
import { type Deps, SYSTEM } from './deps.ts';

export interface DocumentFraudDeps extends Pick<Deps, 'claims' | 'now'> {
  readonly documentHashes: DocumentHashes;
  readonly imageDates: ImageDates;
}

/**
 * The fraud checks of a document just stored (its hash already filed under `DOCHASH#<sha256>` in the
 * same transaction): the same file on other claims flags both claims of each pair, and an image taken
 * after the claim's submission flags the claim. Each flag is raised once, with its audit event; on a
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
  const late = lateDocumentDate(claim, document, takenAt);
  const flags = [...documentReuse(document, filed), ...(late === null ? [] : [late])];
  const at = deps.now().toISOString();
  const raised: StoredFlag[] = [];
  for (const flag of flags) {
    const stored = await raiseOn(deps, flag, at);
    if (stored !== null) raised.push(stored);
  }
  return raised;
}

/** Writes the flag on its claim with the claim's audit event, unless the claim already has it. */
async function raiseOn(deps: Pick<Deps, 'claims'>, { claimId, flag }: FlagOnClaim, at: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await deps.claims.get(claimId);
    if (claim === null) return null;
    const holds = !FINAL_STATUSES.has(claim.status);
    const stored: StoredFlag = {
      claimId,
      key: flag.key,
      rule: flag.rule,
      score: flag.score,
      state: 'OPEN',
      raisedAt: at,
      what: flag.what,
      claimIds: flag.claimIds,
      memberIds: flag.memberIds,
      unitPath: claim.unitPath,
      claimStatus: claim.status,
      review: claim.status === 'PAID',
      holds,
    };
    const hold = claim.fraudHold ?? { open: 0, confirmed: 0 };
    try {
      await deps.claims.change(
        claim,
        {
          to: claim.status,
          actor: SYSTEM('document-checks'),
          action: 'fraud-flagged',
          reason: `${flag.rule} (score ${flag.score}): ${flag.what.en}`.slice(0, 500),
          at,
          set: holds ? { fraudHold: { ...hold, open: hold.open + 1 } } : {},
        },
        [{ kind: 'raiseFlag', flag: stored }],
      );
      return stored;
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      if (error.conflict === 'flag-exists') return null;
      if (error.conflict !== 'stale-claim') throw error;
    }
  }
  return null;
}
