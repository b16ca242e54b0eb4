import { isLinkToken, linkHash } from '../domain/ids.ts';
import { missingDocuments } from '../domain/required-documents.ts';
import { storedKinds } from './awaiting-documents.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';

export type UploadLinkState = 'open' | 'closed' | 'expired';

/** What the member's upload page shows: the claim, the required documents still missing, until when. */
export interface UploadLinkView {
  readonly state: UploadLinkState;
  readonly claimId: string;
  readonly memberId: string;
  readonly missing: readonly string[];
  readonly expiresAt: string;
}

/**
 * GET /u/{token}: the claim behind the member's upload link and the documents it still lacks (no
 * change). Open while the claim waits for documents and the window has not closed; null for a token
 * that is not one.
 */
export async function viewUploadLink(
  deps: Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'now'>,
  token: string,
): Promise<UploadLinkView | null> {
  if (!isLinkToken(token)) return null;
  const wait = await deps.documentWaits.getByLink(linkHash(token));
  const claim = wait === null ? null : await deps.claims.get(wait.claimId);
  if (wait === null || claim === null) return null;
  const version = await claimVersion(deps.programs, claim);
  const benefit = version?.benefits.find((b) => b.id === claim.benefit) ?? null;
  const missing = missingDocuments(benefit, await storedKinds(deps, claim.claimId));
  const state: UploadLinkState =
    claim.status !== 'AWAITING_DOCUMENTS' || missing.length === 0
      ? 'closed'
      : Date.parse(wait.dueAt) <= deps.now().getTime()
        ? 'expired'
        : 'open';
  return { state, claimId: claim.claimId, memberId: claim.memberId, missing, expiresAt: wait.dueAt };
}
