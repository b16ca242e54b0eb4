import type { Claim } from '../domain/claim.ts';
import { Forbidden } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { conflictOfInterest } from '../domain/parties.ts';
import type { Deps } from './deps.ts';

/** The approvers who decided the levels of a claim so far (each level's stored decision, and the last). */
async function deciders(claims: Deps['claims'], claim: Claim): Promise<string[]> {
  const levels = Math.max(claim.approvalChain?.length ?? 0, claim.approval?.level ?? 0);
  const requests = await Promise.all(
    Array.from({ length: levels }, (_, i) => claims.getApprovalRequest(claim.claimId, i + 1)),
  );
  const decided = requests.flatMap((r) => (r?.decision ? [r.decision.approverId] : []));
  return claim.approval === undefined ? decided : [...new Set([...decided, claim.approval.approverId])];
}

/**
 * Refuses (403) a caller who took part in the claim (submitted it, claims it, is its payee, decided a
 * level of it): the second person of a maker-checker step must be someone else.
 */
export async function requireUninvolved(
  deps: Pick<Deps, 'claims' | 'registry'>,
  identity: Identity,
  claim: Claim,
  what: string,
): Promise<void> {
  const [decided, caller] = await Promise.all([
    deciders(deps.claims, claim),
    identity.memberId === null ? null : deps.registry.getMember(identity.memberId),
  ]);
  const conflict = conflictOfInterest(identity, claim, decided, caller?.name ?? null);
  if (conflict !== null) {
    throw new Forbidden(`${what} needs someone who did not take part in the claim: ${conflict}`);
  }
}
