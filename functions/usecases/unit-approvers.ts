import { beijingDate } from '../domain/calendar.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { type Approver, isInSubtree } from '../domain/registry.ts';
import type { Delegation } from '../ports/delegations-store.ts';
import { staffScope } from './access.ts';
import { delegationActiveOn } from './delegations.ts';
import type { Deps } from './deps.ts';

type ApproversDeps = Pick<Deps, 'registry' | 'delegations' | 'now'>;

/** An approver's deputy as the unit's list shows it: who, the Beijing days, whether today is one of them. */
export interface DeputyView {
  readonly deputyApproverId: string;
  readonly deputyName: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly coversToday: boolean;
}

export interface UnitApproversView {
  readonly unitCode: string;
  /** The Beijing calendar day `coversToday` speaks of. */
  readonly today: string;
  /** By approver id; each with their current deputy (the last one set, even if its days are over). */
  readonly approvers: readonly {
    readonly approverId: string;
    readonly name: string;
    readonly deputy: DeputyView | null;
  }[];
}

const deputyView = (d: Delegation, today: string): DeputyView => ({
  deputyApproverId: d.deputy.approverId,
  deputyName: d.deputy.name,
  from: d.from,
  to: d.to,
  reason: d.reason,
  coversToday: delegationActiveOn(d, today),
});

/**
 * Who may list a unit's approvers: an admin, staff of the unit or above, or an approver of the unit (their
 * own colleagues, among whom they name a deputy). Anyone else gets the same 403 for a unit that exists and
 * one that does not.
 */
async function mayList(
  deps: ApproversDeps,
  identity: Identity,
  unitCode: string,
  approvers: readonly Approver[],
): Promise<boolean> {
  const approverId = identity.approverId ?? null;
  if (approverId !== null && approvers.some((a) => a.approverId === approverId)) return true;
  const scope = await staffScope(deps.registry, identity);
  if (scope === null) return false;
  const unit = await deps.registry.getUnit(unitCode);
  return unit !== null && isInSubtree(unit.path, scope);
}

/**
 * GET /units/{unitCode}/approvers: the unit's approvers, each with their current deputy (who, from, to,
 * whether today is covered). Names and approver ids only: never an e-mail, a mobile or a membership.
 */
export async function unitApprovers(
  deps: ApproversDeps,
  request: { identity: Identity; unitCode: string },
): Promise<UnitApproversView> {
  const { identity, unitCode } = request;
  const approvers = await deps.registry.listApprovers(unitCode);
  if (!identity.roles.includes('admin') && !(await mayList(deps, identity, unitCode, approvers))) {
    throw new Forbidden(`unit ${unitCode} is outside your scope`);
  }
  if (approvers.length === 0 && (await deps.registry.getUnit(unitCode)) === null) {
    throw new NotFound(`no unit ${unitCode}`);
  }
  const delegations = await deps.delegations.getMany(approvers.map((a) => a.approverId));
  const today = beijingDate(deps.now());
  return {
    unitCode,
    today,
    approvers: [...approvers]
      .sort((a, b) => a.approverId.localeCompare(b.approverId))
      .map((a) => {
        const delegation = delegations.get(a.approverId);
        return {
          approverId: a.approverId,
          name: a.name,
          deputy: delegation === undefined ? null : deputyView(delegation, today),
        };
      }),
  };
}
