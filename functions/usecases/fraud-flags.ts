import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { isInSubtree } from '../domain/registry.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { FlagState, StoredFlag } from '../ports/fraud-store.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { releaseIfDecided } from './fraud-hold.ts';
import { narrowedScope } from './list-scope.ts';
import { requireUninvolved } from './second-person.ts';

const STATES: readonly FlagState[] = ['OPEN', 'CLEARED', 'CONFIRMED'];
const LIST_LIMIT = 500;

/** A flag as the API shows it: with `flagId`, the flag key in URL-safe form for the clear/confirm routes. */
export type FlagView = StoredFlag & { readonly flagId: string };

export const flagIdOf = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const keyOf = (flagId: string) => Buffer.from(flagId, 'base64url').toString('utf8');
const view = (flag: StoredFlag): FlagView => ({ ...flag, flagId: flagIdOf(flag.key) });

/**
 * GET /fraud/flags?state=OPEN|CLEARED|CONFIRMED[&review=true]: staff see the flags of their subtree,
 * auditors and admins all; `unitCode` narrows to a unit's subtree within the caller's; `review=true` is the
 * auditors' review list (flags raised on paid claims).
 */
export async function listFlags(
  deps: Pick<Deps, 'fraud' | 'registry'>,
  request: {
    identity: Identity;
    state: string | undefined;
    review: string | undefined;
    unitCode?: string | undefined;
  },
): Promise<FlagView[]> {
  const state = (request.state ?? 'OPEN').toUpperCase() as FlagState;
  if (!STATES.includes(state)) {
    throw new Invalid([{ field: 'state', message: 'must be OPEN, CLEARED or CONFIRMED' }]);
  }
  const reviewOnly = request.review === 'true' || request.review === '1';
  const { identity } = request;
  const all = identity.roles.includes('auditor') || identity.roles.includes('admin');
  if (reviewOnly && !all) throw new Forbidden('the review list is for auditors and admins');
  const callerScope = all ? null : await staffScope(deps.registry, identity);
  if (!all && callerScope === null) throw new Forbidden('union staff, auditors and admins see fraud flags');
  const scope = await narrowedScope(deps, callerScope, request.unitCode);
  const lists = await Promise.all(
    (reviewOnly ? [true] : [false, true]).map((review) => deps.fraud.listFlags(state, review, LIST_LIMIT)),
  );
  return lists
    .flat()
    .filter((f) => scope === null || (f.unitPath !== null && isInSubtree(f.unitPath, scope)))
    .sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0))
    .map(view);
}

/** The flags of a claim, for the approval page and the claim's readers. */
export async function flagsOfClaim(deps: Pick<Deps, 'fraud'>, claimId: string): Promise<FlagView[]> {
  return (await deps.fraud.flagsOf(claimId)).map(view);
}

/**
 * POST /fraud/flags/{claimId}/{flagId}/clear|confirm with `{reason}`: staff of a unit above the claim's
 * (not its own unit) or an admin decide an open flag, never someone who submitted, claims, is the payee
 * of or decided a level of the claim; recorded as the claim's audit event. A claim
 * waiting ON_HOLD goes on to payout when its last open flag is cleared, and is rejected on a confirmation.
 */
export async function resolveFlag(
  deps: Pick<Deps, 'claims' | 'fraud' | 'registry' | 'workflow' | 'now'>,
  request: { identity: Identity; claimId: string; flagId: string; action: string; body: unknown },
): Promise<FlagView> {
  const { identity } = request;
  if (request.action !== 'clear' && request.action !== 'confirm') throw new NotFound('no such action');
  const reason =
    typeof request.body === 'object' && request.body !== null && 'reason' in request.body
      ? String((request.body as { reason: unknown }).reason ?? '').trim()
      : '';
  if (reason.length === 0 || reason.length > 500) {
    throw new Invalid([{ field: 'reason', message: 'a reason of 1–500 characters is required' }]);
  }
  const key = keyOf(request.flagId);
  const [flag, found] = await Promise.all([
    deps.fraud.getFlag(request.claimId, key),
    deps.claims.get(request.claimId),
  ]);
  if (flag === null || found === null)
    throw new NotFound(`no flag ${request.flagId} on claim ${request.claimId}`);
  if (!identity.roles.includes('admin')) {
    const scope = await staffScope(deps.registry, identity);
    const above =
      scope !== null &&
      found.unitPath !== null &&
      found.unitPath !== scope &&
      isInSubtree(found.unitPath, scope);
    if (!above) throw new Forbidden('staff of a unit above the claim’s unit decide its fraud flags');
  }
  // Maker-checker: whoever submitted, claims, is paid by or approved the claim never decides its flags.
  await requireUninvolved(deps, identity, found, 'deciding a fraud flag');
  if (flag.state !== 'OPEN') throw new Conflict(`the flag is already ${flag.state}`);
  const state = request.action === 'clear' ? 'CLEARED' : 'CONFIRMED';
  const at = deps.now().toISOString();
  const actor = actorOf(identity);
  let claim = found;
  for (let attempt = 0; ; attempt++) {
    const hold = claim.fraudHold ?? { open: 0, confirmed: 0 };
    try {
      await deps.claims.change(
        claim,
        {
          to: claim.status,
          actor,
          action: state === 'CLEARED' ? 'fraud-flag-cleared' : 'fraud-flag-confirmed',
          reason: `${flag.rule}: ${reason}`,
          at,
          set: flag.holds
            ? {
                fraudHold: {
                  open: Math.max(0, hold.open - 1),
                  confirmed: hold.confirmed + (state === 'CONFIRMED' ? 1 : 0),
                },
              }
            : {},
        },
        [
          {
            kind: 'resolveFlag',
            key,
            state,
            resolvedAt: at,
            resolvedBy: actor.id,
            reason,
            review: flag.review,
          },
        ],
      );
      break;
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      if (error.conflict === 'flag-resolved') throw new Conflict('the flag was decided meanwhile');
      if (error.conflict !== 'stale-claim' || attempt >= 4) {
        throw new Conflict(error.message);
      }
      const again = await deps.claims.get(request.claimId);
      if (again === null) throw new NotFound(`no claim ${request.claimId}`);
      claim = again;
    }
  }
  await releaseIfDecided(deps, request.claimId);
  return view({ ...flag, state, resolvedAt: at, resolvedBy: actor.id, reason });
}
