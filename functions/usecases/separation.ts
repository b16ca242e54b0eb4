import type { Claim } from '../domain/claim.ts';
import { type Decider, type Exclusion, exclusionOf, type Person } from '../domain/parties.ts';
import type { Approver } from '../domain/registry.ts';
import type { ApprovalRequest } from '../ports/claims-store.ts';
import type { Deps } from './deps.ts';

/**
 * `delegations` is given where a scan of the registry is allowed (the workflow's steps): it finds an
 * approver outside the level's unit (a link issued before deputies had to be of the same unit). The
 * public approval-link function may not scan the registry (members live there), so it resolves an
 * approver in the level's unit only, and one not found there by approver id alone.
 */
type SeparationDeps = Pick<Deps, 'claims' | 'registry'> & Partial<Pick<Deps, 'delegations'>>;

/** The approver as registered now: looked up in the unit the level asked (deputies are approvers of that unit). */
async function resolveApprover(
  deps: SeparationDeps,
  unitCode: string,
  approverId: string,
): Promise<(Person & Partial<Pick<Approver, 'name'>>) | null> {
  const inUnit = (await deps.registry.listApprovers(unitCode)).find((a) => a.approverId === approverId);
  return inUnit ?? (await deps.delegations?.findApprover(approverId)) ?? null;
}

/**
 * Who decided the levels of a claim other than `level`, as persons: the approver whose link recorded the
 * decision (a deputy decides under their own approver id, so deputies are already resolved).
 */
export async function decidersOf(
  deps: SeparationDeps,
  claim: Claim,
  level: number,
  /** The claim's levels as the caller read them with the claim (one read of its partition): none read again. */
  known?: readonly Pick<ApprovalRequest, 'level' | 'unitCode' | 'decision'>[],
): Promise<Decider[]> {
  const levels = Math.max(claim.approvalChain?.length ?? 1, level);
  const others = Array.from({ length: levels }, (_, i) => i + 1).filter((l) => l !== level);
  const requests =
    known === undefined
      ? await Promise.all(others.map((l) => deps.claims.getApprovalRequest(claim.claimId, l)))
      : others.map((l) => known.find((r) => r.level === l) ?? null);
  const deciders: Decider[] = [];
  for (const request of requests) {
    const decision = request?.decision;
    if (request === null || request === undefined || decision === null || decision === undefined) continue;
    const person = (await resolveApprover(deps, request.unitCode, decision.approverId)) ?? {
      approverId: decision.approverId,
      memberId: null,
    };
    deciders.push({ level: request.level, person });
  }
  return deciders;
}

/**
 * Checked again when a link is used (the registry may have learnt since the link was sent that its
 * approver is the claimant, the submitter, the payee or someone who decided another level).
 */
export async function decisionExclusion(
  deps: SeparationDeps,
  claim: Claim,
  link: { readonly level: number; readonly unitCode: string; readonly approverId: string },
  /** The claim's levels as read with the claim (see decidersOf). */
  known?: readonly Pick<ApprovalRequest, 'level' | 'unitCode' | 'decision'>[],
): Promise<Exclusion | null> {
  const inUnitOnly = { claims: deps.claims, registry: deps.registry };
  const [approver, deciders] = await Promise.all([
    resolveApprover(inUnitOnly, link.unitCode, link.approverId),
    decidersOf(inUnitOnly, claim, link.level, known),
  ]);
  return exclusionOf(claim, approver ?? { approverId: link.approverId, memberId: null }, deciders);
}
