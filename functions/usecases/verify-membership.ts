import { checkMembership } from '../domain/membership.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { changeOnce, loadClaim, StepStateError } from './step-support.ts';

/** Workflow step: real-name membership on the incident date. Idempotent per claim. */
export async function verifyMembership(
  deps: Pick<Deps, 'claims' | 'registry' | 'now'>,
  claimId: string,
): Promise<{ verified: boolean }> {
  let claim = await loadClaim(deps.claims, claimId);
  if (claim.membership === undefined) {
    if (claim.status !== 'SUBMITTED') {
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not SUBMITTED`);
    }
    const member = await deps.registry.getMember(claim.memberId);
    const unit = member === null ? null : await deps.registry.getUnit(member.unitCode);
    const outcome = checkMembership(member, unit, claim.incidentDate);
    const failed = outcome.results.filter((r) => !r.passed);
    claim = await changeOnce(deps.claims, claim, {
      to: outcome.verified ? 'MEMBERSHIP_VERIFIED' : 'REJECTED',
      actor: SYSTEM('verify-membership'),
      action: outcome.verified ? 'membership-verified' : 'rejected-membership',
      reason: outcome.verified ? 'membership verified' : failed.map((r) => r.en).join('; '),
      at: deps.now().toISOString(),
      set: { membership: outcome },
    });
  }
  return { verified: claim.membership?.verified === true };
}
