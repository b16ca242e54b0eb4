import type { Actor, Claim } from '../domain/claim.ts';
import { Conflict, Forbidden, Gone, Invalid, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import {
  CLAIM_ID_PATTERN,
  isLinkToken,
  LINK_ID_PATTERN,
  linkHash,
  newLinkId,
  newLinkToken,
} from '../domain/ids.ts';
import { payeeHashOf } from '../domain/payments/payee-hash.ts';
import { parsePayoutId } from '../domain/payments/payout-ref.ts';
import { hasExpired, PAYEE_CHANGE_EXPIRY_DAYS, pendingExpiresAt } from '../domain/payments/pending-expiry.ts';
import { payeeRule } from '../domain/rules.ts';
import { ClaimConflictError, type LinkedWrite, type Payee } from '../ports/claims-store.ts';
import type { PayeeChange } from '../ports/payments-store.ts';
import { PayeeDetails } from '../schemas/claims.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { actorOf, canActFor, staffScope } from './access.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { reserveAgain } from './ledger.ts';
import { smsTexts } from './sms-texts.ts';
import { maskAccount } from './submit-claim.ts';

type PayeeDeps = Pick<Deps, 'claims' | 'registry' | 'programs' | 'workflow' | 'now'>;
type ProposeDeps = PayeeDeps & Pick<Deps, 'payments' | 'notifier' | 'linkBaseUrl' | 'payeeKey'>;

export interface PayeeAnswer {
  readonly claimId: string;
  readonly status: string;
  readonly statusUrl: string;
  /** Set when the details took effect: the payout round that pays them. */
  readonly payoutRound?: number;
  /** Set when staff proposed the details: they wait for a second person. */
  readonly changeId?: string;
  readonly confirmUrl?: string;
}

/** The payout round that new details of the claim pay: the one after its last payout. */
export const roundAfter = (claim: Claim) =>
  (claim.payout === undefined ? 0 : (parsePayoutId(claim.payout.payoutId)?.round ?? 1)) + 1;

const masked = (payee: Payee) => ({
  name: payee.name,
  bankName: payee.bankName,
  accountMasked: maskAccount(payee.accountNumber),
});

/** The member's own token, with no staff or admin role: the member corrects their own payout. */
const isMemberOnly = (identity: Identity, claim: Claim) =>
  identity.roles.includes('member') &&
  identity.memberId === claim.memberId &&
  !identity.roles.includes('staff') &&
  !identity.roles.includes('admin');

/**
 * The new details the claim is paid to: the member's own (kept for the next round here), or a change
 * staff proposed and a second person confirms. A confirmed change's full details stay where the proposal
 * put them (the payee partition, which the public confirmation page cannot read): the payout of the
 * change's round reads them there (ClaimsStore.getPayee); here only its masked details and hash are used.
 */
type NewDetails =
  | { readonly payee: Payee; readonly payeeHash: string }
  | {
      readonly change: PayeeChange;
      readonly confirmedBy: Actor;
      /** Staff confirm: the change's full details are kept for good in the same transaction. */
      readonly keepDetails: boolean;
    };

/**
 * The details take effect: kept for the next payout round, the member's annual usage reserved again,
 * and the claim APPROVED and paid again, exactly once, by an execution that goes straight to payout.
 */
async function applyPayee(
  deps: PayeeDeps,
  claim: Claim,
  details: NewDetails,
  how: { actor: Actor; reason: string },
): Promise<PayeeAnswer> {
  const { claimId } = claim;
  const round = roundAfter(claim);
  const version = await claimVersion(deps.programs, claim);
  const at = deps.now().toISOString();
  const linked: LinkedWrite[] = [
    'payee' in details
      ? { kind: 'putPayee', round, payee: details.payee }
      : {
          kind: 'confirmPayeeChange',
          changeId: details.change.changeId,
          confirmedBy: details.confirmedBy,
          at,
          keepDetails: details.keepDetails,
        },
    ...reserveAgain(claim, version),
  ];
  try {
    await deps.claims.change(
      claim,
      {
        to: 'APPROVED',
        actor: how.actor,
        action: 'payee-corrected',
        reason: `${how.reason}; the claim is paid again (round ${round})`,
        at,
        event: {
          payeeHash: 'payee' in details ? details.payeeHash : details.change.payeeHash,
        },
        set: { payee: 'payee' in details ? masked(details.payee) : details.change.payeeMasked },
      },
      linked,
    );
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    if (error.conflict === 'cap-reached') {
      throw new Conflict(
        "other claims used the member's annual limit since this payout was returned; it cannot be paid again",
        { title: 'Annual limit used' },
      );
    }
    throw new Conflict(`claim ${claimId} changed meanwhile (${error.message}); try again`);
  }
  await deps.workflow.startClaim(claimId, round);
  return { claimId, status: 'APPROVED', payoutRound: round, statusUrl: `/claims/${claimId}` };
}

/** New details pay the member under the registered name (or a beneficiary the benefit allows): else 400. */
async function requireRealNamePayee(deps: PayeeDeps, claim: Claim, payee: Payee): Promise<void> {
  const [member, version] = await Promise.all([
    deps.registry.getMember(claim.memberId),
    claimVersion(deps.programs, claim),
  ]);
  const rule = payeeRule({
    payeeName: payee.name,
    memberName: member?.name ?? '',
    benefit: version?.benefits.find((b) => b.id === claim.benefit) ?? null,
    evidence: claim.evidence,
  });
  if (!rule.passed) throw new Invalid([{ field: 'name', message: `${rule.en} (${rule.zh})` }]);
}

const notReturned = (claim: Claim) =>
  new Conflict(
    `claim ${claim.claimId} is ${claim.status}: only a claim whose payout was returned takes new payee details`,
  );

/**
 * PUT /claims/{claimId}/payee: new bank details for a claim whose payout the bank returned. The member
 * (their own token) corrects their own payout at once. Staff (of the member's unit or above) and admins
 * only propose: the change is recorded (its details' hash on the claim's chain, the full details apart)
 * and the member gets an SMS link to confirm it; it takes effect when the member confirms, or when
 * another staff person confirms it (`POST /claims/{claimId}/payee/{changeId}/confirm`).
 */
export async function correctPayee(
  deps: ProposeDeps,
  request: { identity: Identity; claimId: string; body: unknown },
): Promise<PayeeAnswer> {
  const { identity, claimId } = request;
  if (!CLAIM_ID_PATTERN.test(claimId)) throw new NotFound(`no claim ${claimId}`);
  const claim = await deps.claims.get(claimId);
  if (claim === null || !(await canActFor(deps.registry, identity, claim.memberId, claim.unitPath))) {
    throw new NotFound(`no claim ${claimId}`);
  }
  const parsed = PayeeDetails.safeParse(request.body);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  if (claim.status === 'APPROVED' && claim.payout?.returned !== undefined) {
    // Corrected before, and its payment may not have started (a crash): start it; a running one stays.
    const round = roundAfter(claim);
    await deps.workflow.startClaim(claimId, round);
    return { claimId, status: 'APPROVED', payoutRound: round, statusUrl: `/claims/${claimId}` };
  }
  if (claim.status !== 'PAYOUT_RETURNED') throw notReturned(claim);
  await requireRealNamePayee(deps, claim, parsed.data);
  if (isMemberOnly(identity, claim)) {
    return applyPayee(
      deps,
      claim,
      { payee: parsed.data, payeeHash: payeeHashOf(await deps.payeeKey(), claimId, parsed.data) },
      {
        actor: actorOf(identity),
        reason: `the member corrected the payee details after the bank returned payout ${claim.payout?.payoutId}`,
      },
    );
  }
  return proposePayee(deps, identity, claim, parsed.data);
}

/**
 * The pending changes a new proposal replaces: one whose member link is still open is not replaced
 * silently (409: it must be confirmed, or its link expire, first); an expired one is superseded and can
 * no longer be confirmed by anyone. Changes of an earlier round were closed by that round's correction.
 */
async function supersededBy(deps: ProposeDeps, claim: Claim, now: Date): Promise<PayeeChange[]> {
  const round = roundAfter(claim);
  const pending = (await deps.payments.payeeChangesOf(claim.claimId)).filter(
    (c) => c.status === 'PENDING' && c.round === round,
  );
  const open = pending.find((c) => Date.parse(c.expiresAt) > now.getTime());
  if (open !== undefined) {
    throw new Conflict(
      `payee change ${open.changeId} (account ${open.payeeMasked.accountMasked}) is waiting for confirmation ` +
        `until ${open.expiresAt}: it must be confirmed, or its link expire, before new details are proposed`,
    );
  }
  return pending;
}

/** Staff's new details: recorded as a pending change, and the member asked to confirm by SMS. */
async function proposePayee(
  deps: ProposeDeps,
  identity: Identity,
  claim: Claim,
  payee: Payee,
): Promise<PayeeAnswer> {
  const { claimId } = claim;
  const now = deps.now();
  const superseded = await supersededBy(deps, claim, now);
  const token = newLinkToken();
  const change: PayeeChange = {
    changeId: newLinkId(),
    claimId,
    memberId: claim.memberId,
    round: roundAfter(claim),
    payeeMasked: masked(payee),
    payeeHash: payeeHashOf(await deps.payeeKey(), claimId, payee),
    requestedBy: actorOf(identity),
    requestedAt: now.toISOString(),
    expiresAt: pendingExpiresAt(now.toISOString(), PAYEE_CHANGE_EXPIRY_DAYS),
    linkHash: linkHash(token),
    status: 'PENDING',
  };
  try {
    await deps.claims.change(
      claim,
      {
        to: claim.status,
        actor: change.requestedBy,
        action: 'payee-change-proposed',
        reason:
          `new payee details proposed (change ${change.changeId}, account ${change.payeeMasked.accountMasked}, ` +
          `details hash ${change.payeeHash}); they take effect when the member or another staff person confirms` +
          (superseded.length === 0
            ? ''
            : `; they replace the expired change ${superseded.map((c) => c.changeId).join(', ')}`),
        at: change.requestedAt,
      },
      [
        { kind: 'proposePayeeChange', change, payee },
        ...superseded.map(
          (c) => ({ kind: 'supersedePayeeChange', changeId: c.changeId, at: change.requestedAt }) as const,
        ),
      ],
    );
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    throw new Conflict(`claim ${claimId} changed meanwhile (${error.message}); try again`);
  }
  const member = await deps.registry.getMember(claim.memberId);
  if (member !== null && member.mobile !== '') {
    const link = `${deps.linkBaseUrl}/p/${token}`;
    // A message that cannot go out never undoes the proposal: staff can still confirm it.
    await deps.notifier
      .send({
        channel: 'sms',
        to: member.mobile,
        // The subject is not sent with an SMS: it names the claim in the outbox and the delivery log.
        subject: `payee change ${claimId}`,
        text: smsTexts.payeeChange(link),
        links: [link],
      })
      .catch(() => undefined);
  }
  return {
    claimId,
    status: 'PENDING_CONFIRMATION',
    changeId: change.changeId,
    confirmUrl: `/claims/${claimId}/payee/${change.changeId}/confirm`,
    statusUrl: `/claims/${claimId}`,
  };
}

/**
 * A pending change can be confirmed until it expires ({@link PAYEE_CHANGE_EXPIRY_DAYS} after it was
 * proposed), while the claim still waits for corrected details of its round.
 */
function confirmable(claim: Claim, change: PayeeChange | null, claimId: string, now: Date): PayeeChange {
  if (change === null) throw new NotFound(`no payee change on claim ${claimId}`);
  if (change.status !== 'PENDING') throw new Conflict(`the payee change is already ${change.status}`);
  if (hasExpired(change.expiresAt, now)) {
    throw new Gone(
      `payee change ${change.changeId} expired at ${change.expiresAt} (a proposed change waits ` +
        `${PAYEE_CHANGE_EXPIRY_DAYS} days for confirmation): it can no longer be confirmed; propose the details again`,
      { title: 'Payee change expired' },
    );
  }
  if (claim.status !== 'PAYOUT_RETURNED') throw notReturned(claim);
  if (change.round !== roundAfter(claim)) {
    throw new Conflict(`the payee change was proposed for payout round ${change.round}, which is closed`);
  }
  return change;
}

/**
 * POST /claims/{claimId}/payee/{changeId}/confirm: staff of the member's unit or above (or an admin) other
 * than the person who proposed the change, and not the claimant, confirm it before it expires; it takes
 * effect. An expired change is refused (410) and changes nothing.
 */
export async function confirmPayeeChange(
  deps: PayeeDeps & Pick<Deps, 'payments'>,
  request: { identity: Identity; claimId: string; changeId: string },
): Promise<PayeeAnswer> {
  const { identity, claimId } = request;
  const staff = identity.roles.includes('admin') || (await staffScope(deps.registry, identity)) !== null;
  if (!staff) throw new Forbidden('union staff and admins confirm payee changes');
  const claim = CLAIM_ID_PATTERN.test(claimId) ? await deps.claims.get(claimId) : null;
  if (claim === null || !(await canActFor(deps.registry, identity, claim.memberId, claim.unitPath))) {
    throw new NotFound(`no claim ${claimId}`);
  }
  const found = LINK_ID_PATTERN.test(request.changeId)
    ? await deps.payments.getPayeeChange(claimId, request.changeId)
    : null;
  if (found !== null && found.requestedBy.id === identity.subject) {
    throw new Forbidden('the person who proposed a payee change cannot confirm it: another person must');
  }
  if (identity.memberId !== null && identity.memberId === claim.memberId) {
    throw new Forbidden('staff cannot confirm a payee change of their own claim');
  }
  const change = confirmable(claim, found, claimId, deps.now());
  const actor = actorOf(identity);
  return applyPayee(
    deps,
    claim,
    { change, confirmedBy: actor, keepDetails: true },
    {
      actor,
      reason:
        `payee change ${change.changeId} (proposed by ${change.requestedBy.kind} ${change.requestedBy.id}, ` +
        `details hash ${change.payeeHash}) confirmed by ${actor.kind} ${actor.id}`,
    },
  );
}

export type PayeeLinkState = 'open' | 'confirmed' | 'closed' | 'expired';

export interface PayeeLinkView {
  readonly state: PayeeLinkState;
  readonly claimId: string;
  readonly payee: PayeeChange['payeeMasked'];
  /** Until when the change can be confirmed. */
  readonly expiresAt: string;
}

async function linkChange(
  deps: Pick<Deps, 'claims' | 'payments' | 'now'>,
  token: string,
): Promise<{ change: PayeeChange; claim: Claim; state: PayeeLinkState } | null> {
  if (!isLinkToken(token)) return null;
  const change = await deps.payments.payeeChangeOfLink(linkHash(token));
  const claim = change === null ? null : await deps.claims.get(change.claimId);
  if (change === null || claim === null) return null;
  const state: PayeeLinkState =
    change.status === 'CONFIRMED'
      ? 'confirmed'
      : change.status !== 'PENDING' ||
          claim.status !== 'PAYOUT_RETURNED' ||
          change.round !== roundAfter(claim)
        ? 'closed'
        : Date.parse(change.expiresAt) <= deps.now().getTime()
          ? 'expired'
          : 'open';
  return { change, claim, state };
}

/** GET /p/{token}: the proposed details, masked, and whether they can still be confirmed (no change). */
export async function viewPayeeLink(
  deps: Pick<Deps, 'claims' | 'payments' | 'now'>,
  token: string,
): Promise<PayeeLinkView | null> {
  const found = await linkChange(deps, token);
  if (found === null) return null;
  return {
    state: found.state,
    claimId: found.claim.claimId,
    payee: found.change.payeeMasked,
    expiresAt: found.change.expiresAt,
  };
}

/**
 * POST /p/{token}: the member confirms the change proposed by staff; it takes effect. This runs in the
 * public link function, which is denied the payee partitions: it changes the claim (status, the audit
 * event with the change's hash), marks the change confirmed, reserves the usage and starts the payout
 * round, which reads the full details (non-public).
 */
export async function confirmPayeeLink(
  deps: PayeeDeps & Pick<Deps, 'payments'>,
  token: string,
): Promise<PayeeLinkState | 'not-found'> {
  const found = await linkChange(deps, token);
  if (found === null) return 'not-found';
  if (found.state !== 'open') return found.state;
  const { change, claim } = found;
  const actor: Actor = { kind: 'member', id: claim.memberId };
  try {
    await applyPayee(
      deps,
      claim,
      // The link function may not write the payee partition: the payout round keeps the details.
      { change, confirmedBy: actor, keepDetails: false },
      {
        actor,
        reason:
          `payee change ${change.changeId} (proposed by ${change.requestedBy.kind} ${change.requestedBy.id}, ` +
          `details hash ${change.payeeHash}) confirmed by the member through the SMS link`,
      },
    );
  } catch (error) {
    if (error instanceof Conflict) return 'closed';
    throw error;
  }
  return 'confirmed';
}
