import { isLinkToken, linkHash } from '../domain/ids.ts';
import { missingDocuments } from '../domain/required-documents.ts';
import { requestedMissing } from '../domain/ticket-documents.ts';
import { storedKinds } from './awaiting-documents.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';

export type UploadLinkState = 'open' | 'closed' | 'expired';

/**
 * What the member's upload page shows: the claim, the documents it still waits for, until when. The
 * wait is the claim's AWAITING_DOCUMENTS (`required`: documents its benefit requires) or a correction
 * ticket's document request (`ticket`: the kinds staff asked for, with their note).
 */
export interface UploadLinkView {
  readonly state: UploadLinkState;
  readonly claimId: string;
  readonly memberId: string;
  readonly missing: readonly string[];
  readonly expiresAt: string;
  readonly waitsFor: 'required' | 'ticket';
  /** What staff wrote the member (a ticket's request only). */
  readonly note?: string;
}

type ViewDeps = Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'tickets' | 'now'>;

/**
 * GET /u/{token}: the claim behind the member's upload link and the documents it still lacks (no
 * change). Open while the claim waits (AWAITING_DOCUMENTS, or the ticket open and the claim
 * AWAITING_CORRECTION), something is missing and the window (the ticket's) has not closed; null for a
 * token that is not one.
 */
export async function viewUploadLink(deps: ViewDeps, token: string): Promise<UploadLinkView | null> {
  if (!isLinkToken(token)) return null;
  const hash = linkHash(token);
  const wait = await deps.documentWaits.getByLink(hash);
  if (wait === null) return viewTicketLink(deps, hash);
  const claim = await deps.claims.get(wait.claimId);
  if (claim === null) return null;
  const version = await claimVersion(deps.programs, claim);
  const benefit = version?.benefits.find((b) => b.id === claim.benefit) ?? null;
  const missing = missingDocuments(benefit, await storedKinds(deps, claim.claimId));
  const state: UploadLinkState =
    claim.status !== 'AWAITING_DOCUMENTS' || missing.length === 0
      ? 'closed'
      : Date.parse(wait.dueAt) <= deps.now().getTime()
        ? 'expired'
        : 'open';
  return {
    state,
    claimId: claim.claimId,
    memberId: claim.memberId,
    missing,
    expiresAt: wait.dueAt,
    waitsFor: 'required',
  };
}

/** The upload link of a correction ticket's document request: it expires with the ticket. */
async function viewTicketLink(deps: ViewDeps, hash: string): Promise<UploadLinkView | null> {
  const ticket = await deps.tickets.getByLink(hash);
  const request = ticket?.documentRequest;
  if (ticket === null || request === undefined) return null;
  const claim = await deps.claims.get(ticket.claimId);
  if (claim === null) return null;
  const missing = requestedMissing(request, await deps.documents.listDocuments(claim.claimId));
  const state: UploadLinkState =
    ticket.status === 'expired' || Date.parse(ticket.dueAt) <= deps.now().getTime()
      ? 'expired'
      : ticket.status !== 'open' || claim.status !== 'AWAITING_CORRECTION' || missing.length === 0
        ? 'closed'
        : 'open';
  return {
    state,
    claimId: claim.claimId,
    memberId: claim.memberId,
    missing,
    expiresAt: ticket.dueAt,
    waitsFor: 'ticket',
    note: request.note,
  };
}
