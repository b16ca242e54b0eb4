import type { Actor, Claim } from './claim.ts';
import type { Identity } from './identity.ts';
import { sameName } from './membership.ts';

/** Who took part in a claim, as the claim and its approval levels record it. */
export interface ClaimParties {
  readonly submittedBy: Actor;
  readonly memberId: string;
  readonly payeeName: string;
  /** The approvers who decided any level of the claim (deputies included: the id of whoever decided). */
  readonly approverIds: readonly string[];
}

export function partiesOf(
  claim: Pick<Claim, 'submittedBy' | 'memberId' | 'payee' | 'approval'>,
  decidedBy: readonly string[],
): ClaimParties {
  const approverIds = new Set(decidedBy);
  if (claim.approval !== undefined) approverIds.add(claim.approval.approverId);
  return {
    submittedBy: claim.submittedBy,
    memberId: claim.memberId,
    payeeName: claim.payee.name,
    approverIds: [...approverIds],
  };
}

/**
 * Why this identity may not act as the second person on a claim (null: it may): it submitted the claim,
 * claims it, is its payee (by the caller's registered name), or decided a level of it. Identities are
 * compared as they are (token subject, member id, approver id), never one kind against another.
 */
export function conflictOfInterest(
  identity: Pick<Identity, 'subject' | 'memberId' | 'approverId'>,
  parties: ClaimParties,
  callerName: string | null = null,
): string | null {
  if (identity.subject === parties.submittedBy.id) return 'you submitted this claim';
  if (identity.memberId !== null && identity.memberId === parties.memberId) return 'this is your own claim';
  if (callerName !== null && sameName(callerName, parties.payeeName))
    return 'you are the payee of this claim';
  const approverId = identity.approverId ?? null;
  if (approverId !== null && parties.approverIds.includes(approverId))
    return 'you decided a level of this claim';
  if (parties.approverIds.includes(identity.subject)) return 'you decided a level of this claim';
  return null;
}
