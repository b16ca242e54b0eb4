import { Forbidden, Invalid, NotFound } from '../domain/errors.ts';
import { hashIdNumber, parseIdNumber } from '../domain/id-number.ts';
import type { Identity } from '../domain/identity.ts';
import { maskMobile, maskName } from '../domain/member-audit.ts';
import { isInSubtree, type MemberStatus } from '../domain/registry.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';

/** What staff see of a member they looked up: the id, masked personal fields and the standing. */
export interface MemberFound {
  readonly memberId: string;
  readonly nameMasked: string;
  readonly idNumberMasked: string;
  readonly mobileMasked: string;
  readonly unitCode: string;
  readonly standing: {
    readonly status: MemberStatus;
    readonly joinedOn: string;
    readonly leftOn: string | null;
    readonly renewalPending: boolean;
  };
}

const NOT_FOUND = 'no member with this ID number in your units';

/**
 * GET /members?idNumber=: finds a member by resident ID number, through its keyed hash only (the number
 * is neither stored, logged nor echoed). Staff of the member's unit or above, and admins; a member outside
 * the caller's subtree is answered as unknown (404). Each answer that shows a member is audited on the
 * member's record (`member-looked-up`, with the actor); nothing else is written.
 */
export async function lookUpMember(
  deps: Pick<Deps, 'registry' | 'now'>,
  request: { identity: Identity; idNumber: string | undefined; hashKey: string },
): Promise<MemberFound> {
  const { identity } = request;
  const admin = identity.roles.includes('admin');
  const scope = admin ? null : await staffScope(deps.registry, identity);
  if (!admin && scope === null) throw new Forbidden('only union staff and admins look members up');
  const idNumber = (request.idNumber ?? '').trim().toUpperCase();
  if (idNumber === '') {
    throw new Invalid([{ field: 'idNumber', message: 'give the 18-character resident ID number' }]);
  }
  if (!parseIdNumber(idNumber, deps.now()).ok) {
    throw new Invalid([{ field: 'idNumber', message: 'is not a valid resident ID number' }]);
  }
  const memberId = await deps.registry.findMemberIdByIdHash(hashIdNumber(idNumber, request.hashKey));
  const member = memberId === null ? null : await deps.registry.getMember(memberId);
  if (member === null) throw new NotFound(NOT_FOUND);
  if (scope !== null) {
    const unit = await deps.registry.getUnit(member.unitCode);
    if (unit === null || !isInSubtree(unit.path, scope)) throw new NotFound(NOT_FOUND);
  }
  await deps.registry.appendMemberEvent(member.memberId, {
    at: deps.now().toISOString(),
    actor: actorOf(identity),
    action: 'member-looked-up',
    reason: 'looked up by ID number',
  });
  return {
    memberId: member.memberId,
    nameMasked: maskName(member.name),
    idNumberMasked: member.idNumberMasked,
    mobileMasked: maskMobile(member.mobile),
    unitCode: member.unitCode,
    standing: {
      status: member.status,
      joinedOn: member.joinedOn,
      leftOn: member.leftOn,
      renewalPending: member.renewalPending ?? false,
    },
  };
}
