import type { Claim } from '../domain/claim.ts';
import { deliveryFailureFields } from '../domain/delivery-error.ts';
import { type DocumentView, documentKindsOf, documentView } from '../domain/documents/document.ts';
import { Conflict, Invalid } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { linkHash, linkIdFromSeed, newLinkSeed } from '../domain/ids.ts';
import { answeringDocuments, requestedMissing } from '../domain/ticket-documents.ts';
import { log } from '../logging/logger.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { CorrectionTicket, TicketDocumentRequest } from '../ports/tickets-store.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { TicketDocumentsRequest } from '../schemas/ticket-documents.ts';
import { actorOf } from './access.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { smsTexts } from './sms-texts.ts';
import { loadClaim } from './step-support.ts';
import { ticketToActOn } from './ticket-access.ts';

/** The attempts to append the request's event when other changes of the claim come first. */
const ATTEMPTS = 4;

/** What staff and the API see of a ticket's document request: never its link. */
export interface DocumentRequestView {
  readonly kinds: readonly string[];
  readonly note: string;
  readonly by: string;
  readonly at: string;
  readonly notified: boolean;
}

/** A ticket as the API shows it: no task token, no link; with the documents its request got. */
export type TicketView = Omit<CorrectionTicket, 'taskToken' | 'documentRequest'> & {
  readonly documentRequest?: DocumentRequestView;
  /** The claim's documents that answer the request (STORED, of a kind asked for, since the request). */
  readonly documents?: readonly DocumentView[];
  /** The kinds asked for that no document answers yet. */
  readonly documentsMissing?: readonly string[];
};

/** The documents that answer a ticket's request, and the kinds still missing (none without a request). */
export async function ticketDocuments(
  deps: Pick<Deps, 'documents'>,
  ticket: CorrectionTicket,
): Promise<{ documents: DocumentView[]; missing: string[] }> {
  const request = ticket.documentRequest;
  if (request === undefined) return { documents: [], missing: [] };
  const documents = await deps.documents.listDocuments(ticket.claimId);
  return {
    documents: answeringDocuments(request, documents).map(documentView),
    missing: requestedMissing(request, documents),
  };
}

/** The ticket as the API shows it. */
export async function ticketView(
  deps: Pick<Deps, 'documents'>,
  ticket: CorrectionTicket,
): Promise<TicketView> {
  const { taskToken: _token, documentRequest: request, ...rest } = ticket;
  if (request === undefined) return rest;
  const { documents, missing } = await ticketDocuments(deps, ticket);
  const { seed: _seed, linkHash: _hash, ...shown } = request;
  return { ...rest, documentRequest: shown, documents, documentsMissing: missing };
}

type RequestDeps = Pick<
  Deps,
  | 'claims'
  | 'tickets'
  | 'registry'
  | 'programs'
  | 'documents'
  | 'notifier'
  | 'now'
  | 'linkBaseUrl'
  | 'linkKey'
>;

/**
 * `POST /tickets/{ticketId}/documents` {kinds, note}: staff of the member's union (or above), or an
 * admin, ask the claim's member for documents on an open correction ticket: evidence kinds of the
 * claim's benefit. The ticket keeps the request, the claim's chain records it (`documents-requested`),
 * and the member gets one SMS with the upload link (GET /u/{token}), which expires with the ticket.
 * One request a ticket: the same request again answers the ticket as it is (and sends the SMS if it
 * was not sent); another is 409. `created` says whether this call made it.
 */
export async function requestTicketDocuments(
  deps: RequestDeps,
  request: { identity: Identity; ticketId: string; body: unknown },
): Promise<{ created: boolean; ticket: TicketView }> {
  const { identity } = request;
  const ticket = await ticketToActOn(deps, identity, request.ticketId);
  const parsed = TicketDocumentsRequest.safeParse(request.body ?? {});
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const body = parsed.data;
  const existing = ticket.documentRequest;
  if (existing !== undefined) return { created: false, ticket: await again(deps, ticket, existing, body) };
  let claim = await loadClaim(deps.claims, ticket.claimId);
  if (ticket.status !== 'open' || claim.status !== 'AWAITING_CORRECTION') {
    throw new Conflict(`ticket ${ticket.ticketId} is ${ticket.status}; the claim is ${claim.status}`, {
      title: 'Already closed',
    });
  }
  await checkKinds(deps, claim, body.kinds);
  const key = await deps.linkKey();
  const seed = newLinkSeed();
  const asked: TicketDocumentRequest = {
    kinds: body.kinds,
    note: body.note,
    by: identity.subject,
    at: deps.now().toISOString(),
    seed,
    linkHash: linkHash(linkIdFromSeed(key, seed)),
    notified: false,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      claim = await deps.claims.change(
        claim,
        {
          to: claim.status,
          actor: actorOf(identity),
          action: 'documents-requested',
          reason: `ticket ${ticket.ticketId} asks the member for ${body.kinds.join(', ')}: ${body.note}`,
          at: asked.at,
        },
        [{ kind: 'requestTicketDocuments', round: ticket.round, request: asked, dueAt: ticket.dueAt }],
      );
      break;
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      if (error.conflict === 'stale-claim' && attempt < ATTEMPTS) {
        claim = await loadClaim(deps.claims, ticket.claimId);
        if (claim.status === 'AWAITING_CORRECTION') continue;
      }
      // Another request, or the ticket's close, came first.
      const now = await deps.tickets.get(ticket.claimId, ticket.round);
      if (now?.documentRequest !== undefined)
        return { created: false, ticket: await again(deps, now, now.documentRequest, body) };
      throw new Conflict(`ticket ${ticket.ticketId} was closed meanwhile`, { title: 'Already closed' });
    }
  }
  await tellMember(deps, claim, ticket, asked, key);
  return { created: true, ticket: await ticketView(deps, (await reread(deps, ticket)) ?? ticket) };
}

/** The kinds must be evidence kinds of the claim's benefit (or the one showing a payee's relation). */
async function checkKinds(deps: Pick<Deps, 'programs'>, claim: Claim, kinds: readonly string[]) {
  const version = await claimVersion(deps.programs, claim);
  const benefit = version?.benefits.find((b) => b.id === claim.benefit);
  const takes = benefit === undefined ? [] : documentKindsOf(benefit);
  const errors = kinds.flatMap((kind, i) =>
    takes.includes(kind)
      ? []
      : [
          {
            field: `kinds.${i}`,
            message:
              takes.length === 0
                ? `benefit ${claim.program}/${claim.benefit} takes no documents`
                : `must be one of the evidence kinds of ${claim.program}/${claim.benefit}: ${takes.join(', ')}`,
          },
        ],
  );
  if (errors.length > 0) throw new Invalid(errors);
}

/** The same request again: the ticket as it is (the SMS sent if it was not); another request: 409. */
async function again(
  deps: RequestDeps,
  ticket: CorrectionTicket,
  existing: TicketDocumentRequest,
  body: TicketDocumentsRequest,
): Promise<TicketView> {
  const same =
    existing.note === body.note &&
    existing.kinds.length === body.kinds.length &&
    existing.kinds.every((k, i) => body.kinds[i] === k);
  if (!same) {
    throw new Conflict(
      `ticket ${ticket.ticketId} already asks for ${existing.kinds.join(', ')}: one request a ticket`,
      { title: 'Documents already requested' },
    );
  }
  if (!existing.notified && ticket.status === 'open') {
    const claim = await loadClaim(deps.claims, ticket.claimId);
    await tellMember(deps, claim, ticket, existing, await deps.linkKey());
  }
  return ticketView(deps, (await reread(deps, ticket)) ?? ticket);
}

/**
 * The member's one SMS with the upload link. A message that cannot be sent fails nothing: the request
 * stands (the union can upload for the member) and asking the same again sends it.
 */
async function tellMember(
  deps: Pick<Deps, 'registry' | 'notifier' | 'tickets' | 'linkBaseUrl'>,
  claim: Claim,
  ticket: CorrectionTicket,
  request: TicketDocumentRequest,
  key: string,
): Promise<void> {
  const member = await deps.registry.getMember(claim.memberId);
  if (member === null || member.mobile === '') return;
  const link = `${deps.linkBaseUrl}/u/${linkIdFromSeed(key, request.seed)}`;
  try {
    await deps.notifier.send({
      idempotencyKey: `ticket-documents:${ticket.ticketId}:${claim.memberId}:sms`,
      channel: 'sms',
      to: member.mobile,
      // Not sent with an SMS: it names the ticket (and so the claim) in the outbox and the delivery log.
      subject: `ticket documents ${ticket.ticketId}`,
      text: smsTexts.ticketDocuments(link),
      links: [link],
    });
  } catch (error) {
    log.warn(
      'message not delivered',
      deliveryFailureFields(error, { claimId: claim.claimId, notice: 'ticket-documents', channel: 'sms' }),
    );
    return;
  }
  await deps.tickets.markDocumentsNotified(ticket.claimId, ticket.round);
}

function reread(deps: Pick<Deps, 'tickets'>, ticket: CorrectionTicket) {
  return deps.tickets.get(ticket.claimId, ticket.round);
}
