import { holdForDocuments } from './awaiting-documents.ts';
import { checkRules, type WorkflowApprovalTimeouts } from './check-rules.ts';
import type { Deps } from './deps.ts';
import { verifyMembership } from './verify-membership.ts';

/** The claim is rejected (membership or rules): the workflow tells the member and ends. */
export class ClaimRejectedError extends Error {
  override readonly name = 'Claim.Rejected';
}

/** The registry's data must be corrected first: the workflow opens a correction ticket and waits. */
export class ClaimNeedsCorrectionError extends Error {
  override readonly name = 'Claim.NeedsCorrection';
}

/**
 * What the Assess step hands on when the claim passes: the whole state of the next step, so that no
 * Pass state is needed. `approval.nextLevel` is the level RequestApproval opens (always 1 here; later
 * an approval or an escalation sets it), `timeouts` the program version's reminder and escalation times.
 */
export interface AssessOutput {
  readonly claimId: string;
  readonly timeouts: WorkflowApprovalTimeouts;
  readonly approval: { readonly nextLevel: 1 };
}

/**
 * Workflow step: membership, then the program's rules, in one task. A claim that passes both goes on
 * to approval; one that needs a data correction, is rejected, or lacks a required document leaves
 * through a named error that the workflow catches (Claim.NeedsCorrection, Claim.Rejected,
 * Claim.AwaitingDocuments), so no Choice state is entered on the common
 * path. Each half keeps its own idempotence: a stored outcome is returned as it is.
 */
export async function assessClaim(
  deps: Pick<Deps, 'claims' | 'registry' | 'programs' | 'usage' | 'documents' | 'documentWaits' | 'now'>,
  claimId: string,
): Promise<AssessOutput> {
  const membership = await verifyMembership(deps, claimId);
  if (!membership.verified) {
    if (membership.correction)
      throw new ClaimNeedsCorrectionError(`claim ${claimId} needs a data correction`);
    throw new ClaimRejectedError(`claim ${claimId} failed the membership check`);
  }
  const rules = await checkRules(deps, claimId);
  if (!rules.passed) throw new ClaimRejectedError(`claim ${claimId} failed the program's rules`);
  // A document the benefit requires is not stored yet: Claim.AwaitingDocuments, and the claim waits.
  await holdForDocuments(deps, claimId);
  return { claimId, timeouts: rules.approvalTimeouts, approval: { nextLevel: 1 } };
}
