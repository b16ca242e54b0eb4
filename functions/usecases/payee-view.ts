import type { Actor, Claim, PayeeMasked } from '../domain/claim.ts';
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { CLAIM_ID_PATTERN } from '../domain/ids.ts';
import { hasExpired } from '../domain/payments/pending-expiry.ts';
import type { PayeeChange } from '../ports/payments-store.ts';
import { canActFor, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { roundAfter } from './payee-correction.ts';

type ReadDeps = Pick<Deps, 'claims' | 'payments' | 'registry' | 'now'>;

/** The audit events about the payee, as the view lists them (never their reasons, which name hashes). */
const PAYEE_ACTIONS = new Set(['payout-returned', 'payee-change-proposed', 'payee-corrected']);

/** A proposed change as a reader sees it: masked details, who proposed it and who confirmed it. */
export interface PayeeChangeView {
  readonly changeId: string;
  /** The payout round the details pay. */
  readonly round: number;
  readonly payee: PayeeMasked;
  readonly proposedBy: Actor;
  readonly proposedAt: string;
  /** Until when it could be confirmed. */
  readonly expiresAt: string;
  readonly status: PayeeChange['status'];
  readonly confirmedBy: Actor | null;
  readonly confirmedAt: string | null;
}

/** The change waiting for a second person, and who may confirm it now. */
export interface PendingPayeeChange extends PayeeChangeView {
  readonly expired: boolean;
  readonly mayConfirm: {
    /** The member, by the SMS link (while the change is open). */
    readonly member: boolean;
    /** Staff of the claim's unit or above, or an admin, other than the proposer and the claimant. */
    readonly secondPerson: boolean;
    /** The caller is such a second person. */
    readonly you: boolean;
  };
  readonly confirmUrl: string;
}

export interface PayeeView {
  readonly claimId: string;
  readonly status: string;
  readonly memberId: string;
  /** The details payouts use, masked (the account's last four digits). */
  readonly payee: PayeeMasked;
  readonly pending: PendingPayeeChange | null;
  /** Every change proposed for the claim, oldest first. */
  readonly history: readonly PayeeChangeView[];
  /** The returns, proposals and corrections of the claim's audit trail, oldest first. */
  readonly events: readonly {
    readonly seq: number;
    readonly at: string;
    readonly action: string;
    readonly actor: Actor;
  }[];
}

const masked = (p: PayeeMasked): PayeeMasked => ({
  name: p.name,
  bankName: p.bankName,
  accountMasked: p.accountMasked,
});

/** Field by field: the stored change also holds its hash and the link's hash, which no reader gets. */
const changeView = (c: PayeeChange): PayeeChangeView => ({
  changeId: c.changeId,
  round: c.round,
  payee: masked(c.payeeMasked),
  proposedBy: { kind: c.requestedBy.kind, id: c.requestedBy.id },
  proposedAt: c.requestedAt,
  expiresAt: c.expiresAt,
  status: c.status,
  confirmedBy: c.confirmedBy === undefined ? null : { kind: c.confirmedBy.kind, id: c.confirmedBy.id },
  confirmedAt: c.confirmedAt ?? null,
});

/** Could this caller confirm a change of the claim (staff in scope or an admin, not proposer nor claimant)? */
async function isSecondPerson(deps: ReadDeps, identity: Identity, claim: Claim, change: PayeeChange) {
  if (change.requestedBy.id === identity.subject) return false;
  if (identity.memberId !== null && identity.memberId === claim.memberId) return false;
  return identity.roles.includes('admin') || (await staffScope(deps.registry, identity)) !== null;
}

async function pendingOf(
  deps: ReadDeps,
  identity: Identity,
  claim: Claim,
  changes: readonly PayeeChange[],
): Promise<PendingPayeeChange | null> {
  if (claim.status !== 'PAYOUT_RETURNED') return null;
  const round = roundAfter(claim);
  const change = changes
    .filter((c) => c.status === 'PENDING' && c.round === round)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
    .at(-1);
  if (change === undefined) return null;
  const expired = hasExpired(change.expiresAt, deps.now());
  return {
    ...changeView(change),
    expired,
    mayConfirm: {
      member: !expired,
      secondPerson: !expired,
      you: !expired && (await isSecondPerson(deps, identity, claim, change)),
    },
    confirmUrl: `/claims/${claim.claimId}/payee/${change.changeId}/confirm`,
  };
}

/**
 * GET /claims/{claimId}/payee: the details payouts use (masked), the change waiting for a second person
 * and the history of changes. Readable by whoever may propose details (PUT /claims/{claimId}/payee): the
 * claim's member, staff of its unit or above, admins; anyone else gets the 404 of a claim that does not
 * exist. It never reads the full details, and no answer carries an account number or a payee hash.
 */
export async function readPayee(
  deps: ReadDeps,
  request: { identity: Identity; claimId: string },
): Promise<PayeeView> {
  const { identity, claimId } = request;
  if (!CLAIM_ID_PATTERN.test(claimId)) throw new NotFound(`no claim ${claimId}`);
  const [{ claim, timeline }, changes] = await Promise.all([
    deps.claims.getWithTimeline(claimId),
    deps.payments.payeeChangesOf(claimId),
  ]);
  if (claim === null || !(await canActFor(deps.registry, identity, claim.memberId, claim.unitPath))) {
    throw new NotFound(`no claim ${claimId}`);
  }
  return {
    claimId,
    status: claim.status,
    memberId: claim.memberId,
    payee: masked(claim.payee),
    pending: await pendingOf(deps, identity, claim, changes),
    history: [...changes].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)).map(changeView),
    events: timeline
      .filter((e) => PAYEE_ACTIONS.has(e.action))
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        action: e.action,
        actor: { kind: e.actor.kind, id: e.actor.id },
      })),
  };
}
