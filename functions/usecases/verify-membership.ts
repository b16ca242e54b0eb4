import { ENV } from '../config.ts';
import type { Claim, MembershipOutcome } from '../domain/claim.ts';
import { checkMembership } from '../domain/membership.ts';
import type { Member } from '../domain/registry.ts';
import { payeeRule } from '../domain/rules.ts';
import type { ClaimChange } from '../ports/claims-store.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';

/** The city federation: it corrects data whose grassroots unit is unknown. */
const rootUnitCode = () => process.env[ENV.rootUnitCode] ?? 'BJ';

/**
 * The membership check of a SUBMITTED claim against the member as just read (null: not registered),
 * as the change that records it: MEMBERSHIP_VERIFIED, back to SUBMITTED with a correction, or REJECTED.
 */
export async function membershipChange(
  deps: Pick<Deps, 'registry' | 'programs' | 'now'>,
  claim: Claim,
  member: Member | null,
): Promise<{ outcome: MembershipOutcome; change: ClaimChange }> {
  const unit = member === null ? null : await deps.registry.getUnit(member.unitCode);
  const root = await deps.registry.getUnit(rootUnitCode());
  const version = await claimVersion(deps.programs, claim);
  const payee =
    member === null
      ? undefined
      : payeeRule({
          payeeName: claim.payee.name,
          memberName: member.name,
          benefit: version?.benefits.find((b) => b.id === claim.benefit) ?? null,
          evidence: claim.evidence,
        });
  const outcome = checkMembership(member, unit, claim.incidentDate, {
    statedName: claim.memberName ?? null,
    rootUnit: root ?? { code: rootUnitCode(), path: rootUnitCode() },
    correctedKinds: claim.correctedKinds ?? [],
    round: (claim.correctedKinds?.length ?? 0) + 1,
    payee,
  });
  const failed = outcome.results.filter((r) => !r.passed);
  const correction = outcome.correction ?? null;
  return {
    outcome,
    change: {
      to: outcome.verified ? 'MEMBERSHIP_VERIFIED' : correction !== null ? 'SUBMITTED' : 'REJECTED',
      actor: SYSTEM('verify-membership'),
      action: outcome.verified
        ? 'membership-verified'
        : correction !== null
          ? 'membership-needs-correction'
          : 'rejected-membership',
      reason: outcome.verified ? 'membership verified' : failed.map((r) => r.en).join('; '),
      at: deps.now().toISOString(),
      set: {
        membership: outcome,
        // What the approval pages show of the member, kept from this read (see Claim.memberShown).
        ...(outcome.verified && member !== null
          ? { memberShown: { name: member.name, idNumberMasked: member.idNumberMasked } }
          : {}),
      },
    },
  };
}

/** What a claim's stored membership outcome means for the workflow. */
export function membershipResult(claim: Claim): { verified: boolean; correction: boolean } {
  const membership = claim.membership;
  return {
    verified: membership?.verified === true,
    correction: membership?.verified !== true && (membership?.correction ?? null) !== null,
  };
}
