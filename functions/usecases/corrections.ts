import { beijingTimeText } from '../domain/calendar.ts';
import type { Claim } from '../domain/claim.ts';
import { Conflict, Forbidden, Invalid } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { CorrectionTicket } from '../ports/tickets-store.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { narrowedScope } from './list-scope.ts';
import { changeOnce, loadClaim, resumeWithStoredToken, StepStateError } from './step-support.ts';
import { ticketToActOn } from './ticket-access.ts';
import { type TicketView, ticketDocuments, ticketView } from './ticket-documents.ts';

/** How long a union has to correct member data before the claim is rejected (default 14 days). */
export const CORRECTION_TTL_SECONDS = 14 * 86_400;

export interface CorrectionTaskOutput {
  readonly outcome: 'corrected' | 'rejected';
}

/**
 * Workflow callback step: opens the correction ticket of the claim's current round for the member's
 * union and tells its staff; keeps the task token with the ticket. A redrive reuses the ticket and hands
 * on a resolution that was already made.
 */
export async function requestCorrection(
  deps: Pick<Deps, 'claims' | 'registry' | 'tickets' | 'notifier' | 'workflow' | 'now'>,
  input: { claimId: string; taskToken: string },
): Promise<void> {
  const claim = await loadClaim(deps.claims, input.claimId);
  const correction = claim.membership?.correction;
  if (correction === undefined || correction === null) {
    throw new StepStateError(`claim ${claim.claimId} has no correction to request`);
  }
  const now = deps.now();
  let ticket = await deps.tickets.open({
    ticketId: `${claim.claimId}-${correction.round}`,
    claimId: claim.claimId,
    round: correction.round,
    memberId: claim.memberId,
    unitCode: correction.unitCode,
    unitPath: correction.unitPath,
    kinds: correction.kinds,
    detail: correction.detail,
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + CORRECTION_TTL_SECONDS * 1000).toISOString(),
    resolution: null,
    taskToken: input.taskToken,
    notified: false,
  });
  if (ticket.taskToken !== input.taskToken) {
    await deps.tickets.replaceTaskToken(claim.claimId, correction.round, input.taskToken);
    ticket = (await deps.tickets.get(claim.claimId, correction.round)) ?? ticket;
  }
  if (ticket.resolution !== null) {
    const output: CorrectionTaskOutput = { outcome: ticket.resolution.outcome };
    await deps.workflow.sendTaskSuccess(input.taskToken, output);
    return;
  }
  if (claim.status === 'SUBMITTED') {
    await changeOnce(deps.claims, claim, {
      to: 'AWAITING_CORRECTION',
      actor: SYSTEM('request-correction'),
      action: 'correction-requested',
      reason: `data correction dispatched to ${ticket.unitCode}: ${ticket.detail.en}`,
      at: now.toISOString(),
    });
  }
  if (!ticket.notified) {
    for (const staff of await deps.registry.listApprovers(ticket.unitCode)) {
      await deps.notifier.send({
        idempotencyKey: `correction:${claim.claimId}:${ticket.round}:${staff.approverId}:email`,
        channel: 'email',
        to: staff.email,
        subject: `【工会服务】会员数据待更正 ${ticket.ticketId} / Member data to correct`,
        text: [
          `${staff.name}，您好：申请 ${claim.claimId} 的会员 ${claim.memberId} 数据需更正：${ticket.detail.zh}。`,
          `请在 ${beijingTimeText(ticket.dueAt, 'zh')}前更正实名制数据，并在工单 ${ticket.ticketId} 中处理（GET /tickets）。`,
          '',
          `Dear ${staff.name}, claim ${claim.claimId} of member ${claim.memberId} needs a data correction: ${ticket.detail.en}.`,
          `Please correct the registry by ${beijingTimeText(ticket.dueAt, 'en')} and resolve ticket ${ticket.ticketId} (GET /tickets).`,
        ].join('\n'),
        links: [],
      });
    }
    await deps.tickets.markNotified(claim.claimId, correction.round);
  }
}

/** Workflow step after the correction window closed unresolved: the claim is rejected with that reason. */
export async function expireCorrection(
  deps: Pick<Deps, 'claims' | 'tickets' | 'now'>,
  input: { claimId: string },
): Promise<{ status: string }> {
  const claim = await loadClaim(deps.claims, input.claimId);
  const round = claim.membership?.correction?.round;
  if (claim.status !== 'AWAITING_CORRECTION' || round === undefined) return { status: claim.status };
  const after = await changeOnce(
    deps.claims,
    claim,
    {
      to: 'REJECTED',
      actor: SYSTEM('expire-correction'),
      action: 'rejected-correction-expired',
      reason: 'the member data was not corrected in time',
      at: deps.now().toISOString(),
    },
    [{ kind: 'closeTicket', round, status: 'expired', resolution: null }],
  );
  return { status: after.status };
}

/**
 * GET /tickets?status=&unitCode=: the correction tickets of the caller's subtree (staff) or all (admin,
 * auditor), or of a unit's subtree within it.
 */
export async function listTickets(
  deps: Pick<Deps, 'tickets' | 'registry' | 'documents'>,
  request: { identity: Identity; status: string | undefined; unitCode?: string | undefined },
): Promise<TicketView[]> {
  const status = (request.status ?? 'open') as CorrectionTicket['status'];
  if (!['open', 'resolved', 'expired'].includes(status)) {
    throw new Invalid([{ field: 'status', message: 'must be open, resolved or expired' }]);
  }
  const { identity } = request;
  const everything = identity.roles.includes('admin') || identity.roles.includes('auditor');
  const scope = everything ? null : await staffScope(deps.registry, identity);
  if (!everything && scope === null)
    throw new Forbidden('union staff, auditors and admins see correction tickets');
  const within = await narrowedScope(deps, scope, request.unitCode);
  const tickets = await deps.tickets.list(status, within, 500);
  return Promise.all(tickets.map((ticket) => ticketView(deps, ticket)));
}

/**
 * POST /tickets/{ticketId}/resolve: staff of the member's union say the data is corrected (the claim is
 * verified again) or that it cannot be (the claim is rejected with their reason). A ticket that asked
 * the member for documents is corrected only once they are all stored (409 before); it may be rejected
 * at any time.
 */
export async function resolveTicket(
  deps: Pick<Deps, 'claims' | 'tickets' | 'registry' | 'workflow' | 'now' | 'documents'>,
  request: { identity: Identity; ticketId: string; body: unknown },
): Promise<TicketView> {
  const { identity } = request;
  const ticket = await ticketToActOn(deps, identity, request.ticketId);
  const body = (request.body ?? {}) as { outcome?: unknown; reason?: unknown };
  const outcome = body.outcome;
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
  const errors = [
    ...(outcome === 'corrected' || outcome === 'rejected'
      ? []
      : [{ field: 'outcome', message: 'must be corrected or rejected' }]),
    ...(reason.length >= 2
      ? []
      : [{ field: 'reason', message: 'must say what was corrected, or why it cannot be' }]),
  ];
  if (errors.length > 0 || (outcome !== 'corrected' && outcome !== 'rejected')) throw new Invalid(errors);
  const claim = await loadClaim(deps.claims, ticket.claimId);
  if (ticket.status === 'resolved' && ticket.resolution !== null) {
    // A retry: the request that recorded the resolution may have failed before it resumed the execution.
    await handOnAgain(deps, ticket, claim);
    if (ticket.resolution.outcome === outcome) return ticketView(deps, await reread(deps, ticket));
  }
  if (ticket.status !== 'open' || claim.status !== 'AWAITING_CORRECTION') {
    throw new Conflict(`ticket ${ticket.ticketId} is ${ticket.status}; the claim is ${claim.status}`, {
      title: 'Already closed',
    });
  }
  if (outcome === 'corrected') {
    const { missing } = await ticketDocuments(deps, ticket);
    if (missing.length > 0) {
      throw new Conflict(
        `ticket ${ticket.ticketId} asked the member for ${missing.join(', ')}, not received yet`,
        { title: 'Documents missing' },
      );
    }
  }
  const at = deps.now().toISOString();
  const resolution = { outcome, reason, by: identity.subject, at } as const;
  try {
    await deps.claims.change(
      claim,
      outcome === 'corrected'
        ? {
            to: 'SUBMITTED',
            actor: actorOf(identity),
            action: 'data-corrected',
            reason,
            at,
            set: {
              membership: null,
              correctedKinds: [
                ...(claim.correctedKinds ?? []),
                ...(claim.membership?.correction?.kinds ?? []),
              ],
            },
          }
        : { to: 'REJECTED', actor: actorOf(identity), action: 'rejected-correction', reason, at },
      [{ kind: 'closeTicket', round: ticket.round, status: 'resolved', resolution }],
    );
  } catch (error) {
    if (error instanceof ClaimConflictError) {
      throw new Conflict(`ticket ${ticket.ticketId} was closed meanwhile`, { title: 'Already closed' });
    }
    throw error;
  }
  await resume(deps, ticket, { outcome });
  return ticketView(deps, await reread(deps, ticket));
}

/** Claim statuses in which the execution may still wait on a resolved ticket's task token. */
const MAY_WAIT_ON_RESOLUTION = new Set<Claim['status']>(['SUBMITTED', 'REJECTED']);

/**
 * A ticket resolved before whose resolution may never have reached the execution (the request that
 * recorded it failed before SendTaskSuccess, or its answer was lost): hand the recorded outcome on once
 * more, as the approval link does. Once a resume is recorded, nothing is sent again.
 */
async function handOnAgain(
  deps: Pick<Deps, 'tickets' | 'workflow'>,
  ticket: CorrectionTicket,
  claim: Claim,
): Promise<void> {
  if (ticket.resolution === null || ticket.resumed === true) return;
  if (!MAY_WAIT_ON_RESOLUTION.has(claim.status)) return;
  await resume(deps, ticket, { outcome: ticket.resolution.outcome });
}

/** Resumes the correction step with the token stored now, then records that it was resumed. */
async function resume(
  deps: Pick<Deps, 'tickets' | 'workflow'>,
  ticket: CorrectionTicket,
  output: CorrectionTaskOutput,
): Promise<void> {
  await resumeWithStoredToken(
    deps.workflow,
    async () => (await deps.tickets.get(ticket.claimId, ticket.round))?.taskToken ?? null,
    output,
  );
  await deps.tickets.markResumed(ticket.claimId, ticket.round);
}

async function reread(deps: Pick<Deps, 'tickets'>, ticket: CorrectionTicket): Promise<CorrectionTicket> {
  return (await deps.tickets.get(ticket.claimId, ticket.round)) ?? ticket;
}
