import { Forbidden, Invalid, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { samePerson } from '../domain/parties.ts';
import { type Approver, isInSubtree } from '../domain/registry.ts';
import type { Delegation } from '../ports/delegations-store.ts';
import { DeputyBody } from '../schemas/delegations.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';

/** Is the approver away (and the deputy in charge) on this Beijing calendar day? Both ends count. */
export function delegationActiveOn(delegation: Pick<Delegation, 'from' | 'to'>, day: string): boolean {
  return delegation.from <= day && day <= delegation.to;
}

type DelegationDeps = Pick<Deps, 'registry' | 'delegations' | 'now'>;

/** The approver, if the caller may name their deputy: an admin, or staff of the approver's unit (or above). */
async function approverInScope(deps: DelegationDeps, identity: Identity, approverId: string) {
  const approver = await deps.delegations.findApprover(approverId);
  if (approver === null) throw new NotFound(`no approver ${approverId}`);
  if (!identity.roles.includes('admin')) {
    const unit = await deps.registry.getUnit(approver.unitCode);
    const scope = await staffScope(deps.registry, identity);
    if (unit === null || scope === null || !isInSubtree(unit.path, scope)) {
      throw new Forbidden(`approver ${approverId} is outside your scope`);
    }
  }
  return approver;
}

const refuse = (message: string) => new Invalid([{ field: 'deputyApproverId', message }]);

/**
 * A deputy is another person among the approvers of the absent approver's own unit, and never the caller
 * (no one names themselves to decide in someone else's place). Persons compare by approver id and by
 * membership: two approver ids of one member are one person.
 */
async function eligibleDeputy(
  deps: DelegationDeps,
  identity: Identity,
  absent: Approver,
  deputyId: string,
): Promise<Approver> {
  if (deputyId === absent.approverId) throw refuse('must be another approver than the absent one');
  const unitApprovers = await deps.registry.listApprovers(absent.unitCode);
  const deputy = unitApprovers.find((a) => a.approverId === deputyId);
  if (deputy === undefined) {
    const elsewhere = await deps.delegations.findApprover(deputyId);
    if (elsewhere === null) throw refuse(`no approver ${deputyId}`);
    throw refuse(
      `must be an approver of the same unit as ${absent.approverId} (${absent.unitCode}); ${deputyId} approves for ${elsewhere.unitCode}`,
    );
  }
  if (samePerson(deputy, absent)) {
    throw refuse(
      `must be another person than ${absent.approverId}: both approver ids are member ${deputy.memberId}`,
    );
  }
  const callerId = identity.approverId ?? null;
  const caller =
    callerId === null
      ? null
      : (unitApprovers.find((a) => a.approverId === callerId) ??
        (await deps.delegations.findApprover(callerId)));
  if (
    (caller !== null && samePerson(caller, deputy)) ||
    callerId === deputy.approverId ||
    (identity.memberId !== null && identity.memberId === deputy.memberId)
  ) {
    throw refuse('must not be yourself: name another approver of the unit');
  }
  return deputy;
}

function summary(delegation: Delegation | null): Record<string, unknown> | null {
  return delegation === null
    ? null
    : {
        deputyApproverId: delegation.deputy.approverId,
        from: delegation.from,
        to: delegation.to,
        reason: delegation.reason,
      };
}

/** What the caller of `PUT /approvers/{approverId}/deputy` gets back: who stands in for whom, and when. */
export interface DeputyAnswer {
  /** The absent approver. */
  readonly approverId: string;
  /** The deputy who gets the links instead. */
  readonly deputyApproverId: string;
  /** First and last Beijing calendar day, both inclusive. */
  readonly from: string;
  readonly to: string;
}

/**
 * The delegation as its caller needs it: never the deputy's registry record (e-mail, mobile, membership),
 * which the delegation keeps only so that a level can reach the deputy.
 */
export function deputyAnswer(delegation: Delegation): DeputyAnswer {
  return {
    approverId: delegation.approverId,
    deputyApproverId: delegation.deputy.approverId,
    from: delegation.from,
    to: delegation.to,
  };
}

/**
 * PUT /approvers/{approverId}/deputy: names the approver's deputy for a date range (Beijing days,
 * inclusive), replacing any earlier one. Audited with before and after. Answers the delegation only
 * (who, for whom, from, to).
 */
export async function setDeputy(
  deps: DelegationDeps,
  request: { identity: Identity; approverId: string; body: unknown },
): Promise<DeputyAnswer> {
  const parsed = DeputyBody.safeParse(request.body);
  if (!parsed.success) {
    throw new Invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    );
  }
  const body = parsed.data;
  const approver = await approverInScope(deps, request.identity, request.approverId);
  const deputy = await eligibleDeputy(deps, request.identity, approver, body.deputyApproverId);
  const before = await deps.delegations.get(approver.approverId);
  const at = deps.now().toISOString();
  const delegation: Delegation = {
    approverId: approver.approverId,
    deputy,
    from: body.from,
    to: body.to,
    reason: body.reason,
    setAt: at,
  };
  await deps.delegations.put(approver.approverId, delegation, {
    at,
    actor: actorOf(request.identity),
    action: 'deputy-set',
    reason: body.reason,
    before: summary(before),
    after: summary(delegation),
  });
  return deputyAnswer(delegation);
}

/** DELETE /approvers/{approverId}/deputy: the approver has no deputy any more. Audited. */
export async function removeDeputy(
  deps: DelegationDeps,
  request: { identity: Identity; approverId: string },
): Promise<{ approverId: string; removed: boolean }> {
  const approver = await approverInScope(deps, request.identity, request.approverId);
  const before = await deps.delegations.get(approver.approverId);
  if (before === null) return { approverId: approver.approverId, removed: false };
  await deps.delegations.put(approver.approverId, null, {
    at: deps.now().toISOString(),
    actor: actorOf(request.identity),
    action: 'deputy-removed',
    reason: 'deputy removed',
    before: summary(before),
    after: null,
  });
  return { approverId: approver.approverId, removed: true };
}
