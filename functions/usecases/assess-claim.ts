import type { Claim } from '../domain/claim.ts';
import { parsePayoutId } from '../domain/payments/payout-ref.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import {
  awaitingDocumentsChange,
  holdForDocuments,
  loadClaimWithDocuments,
  missingFor,
} from './awaiting-documents.ts';
import {
  checkRules,
  judgeRules,
  RACES,
  type WorkflowApprovalTimeouts,
  workflowApprovalTimeouts,
} from './check-rules.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { changeOnce, StepStateError } from './step-support.ts';
import { membershipChange, membershipResult } from './verify-membership.ts';

/** The claim is rejected (membership or rules): the workflow tells the member and ends. */
export class ClaimRejectedError extends Error {
  override readonly name = 'Claim.Rejected';
}

/** The registry's data must be corrected first: the workflow opens a correction ticket and waits. */
export class ClaimNeedsCorrectionError extends Error {
  override readonly name = 'Claim.NeedsCorrection';
}

/**
 * The claim was paid before (the bank returned its payout and its payee was corrected): this execution
 * is a payout round, which the workflow hands straight to Payout. Nothing is assessed or changed.
 */
export class ClaimPayoutRoundError extends Error {
  override readonly name = 'Claim.PayoutRound';
}

/**
 * A payout round paying details that staff proposed and a second person confirmed: their full details
 * (written with the change's TTL, so that a change nobody confirms goes with them) are kept for good,
 * here, before the round pays or waits (for funds, on a hold). The member's confirmation cannot do it:
 * it runs in the public link function, which is denied the payee partition. A round whose payout was
 * not returned (a replay after it paid) or whose details the member gave reads nothing more than the
 * claim's changes.
 */
async function keepConfirmedDetails(deps: Pick<Deps, 'payments'>, claim: Claim): Promise<void> {
  if (claim.payout?.returned === undefined) return;
  const round = (parsePayoutId(claim.payout.payoutId)?.round ?? 1) + 1;
  await deps.payments.keepDetailsOfConfirmedChange(claim.claimId, round);
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
 * Claim.AwaitingDocuments), so no Choice state is entered on the common path. A claim paid before (a
 * payout round: the bank returned its payout and its payee was corrected) leaves at once by
 * Claim.PayoutRound, which the workflow catches into Payout, so no execution starts with a Choice. The
 * claim and its member are read once (the claim with its documents, one Query of its partition), and
 * both outcomes (each with its own audit event) are written in one transaction with the rules'
 * reservations. A stored outcome is returned as it is (a retry, or a claim whose membership an earlier
 * run recorded); after the documents' wait only the documents are looked at again, among those read
 * with the claim.
 */
export async function assessClaim(
  deps: Pick<
    Deps,
    'claims' | 'registry' | 'programs' | 'usage' | 'documents' | 'documentWaits' | 'payments' | 'now'
  >,
  claimId: string,
): Promise<AssessOutput> {
  for (let attempt = 0; ; attempt++) {
    const { claim, documents } = await loadClaimWithDocuments(deps, claimId);
    // A claim with a payout was assessed and approved long ago: a payout round, paid again as it stands.
    if (claim.payout !== undefined) {
      await keepConfirmedDetails(deps, claim);
      throw new ClaimPayoutRoundError(`claim ${claimId} was paid before: payout round, straight to payout`);
    }
    if (claim.membership !== undefined && claim.membership !== null) {
      const { rules } = claim;
      if (rules === undefined) {
        return passed(deps, claimId, membershipResult(claim), () => checkRules(deps, claimId));
      }
      // Both outcomes stored (a retry, or the return after the documents' wait): the claim as read
      // serves the rules and the documents, with no second read.
      const judged = async () => ({
        passed: rules.passed,
        approvalTimeouts: workflowApprovalTimeouts(await claimVersion(deps.programs, claim)),
      });
      const missing = rules.passed ? await missingFor(deps, claim, documents) : [];
      return passed(deps, claimId, membershipResult(claim), judged, claim, missing);
    }
    if (claim.status !== 'SUBMITTED') {
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not SUBMITTED`);
    }
    const member = await deps.registry.getMember(claim.memberId);
    const membership = await membershipChange(deps, claim, member);
    if (!membership.outcome.verified || member === null) {
      const stored = await changeOnce(deps.claims, claim, membership.change);
      return passed(deps, claimId, membershipResult(stored), () => checkRules(deps, claimId));
    }
    // The rules judge the claim as it stands once verified; both changes commit together.
    const verified = { ...claim, status: 'MEMBERSHIP_VERIFIED' as const, membership: membership.outcome };
    const rules = await judgeRules(deps, verified, member);
    // A claim that passes but lacks a required document goes on to AWAITING_DOCUMENTS in the same
    // transaction (its own event after the rules'): the documents are read before it, not after.
    const missing = rules.passed ? await missingFor(deps, verified, documents) : [];
    const changes = [membership.change, rules.change];
    if (missing.length > 0) changes.push(awaitingDocumentsChange(missing, deps.now().toISOString()));
    let stored: Claim;
    try {
      stored = await deps.claims.changeSteps(claim, changes, rules.linked);
    } catch (error) {
      // Another claim took the last of a cap or an invoice, or another run of this step got here first.
      if (error instanceof ClaimConflictError && RACES.has(error.conflict) && attempt < 5) continue;
      throw error;
    }
    return passed(deps, claimId, { verified: true, correction: false }, async () => rules, stored, missing);
  }
}

/** The step's output for a verified claim whose rules pass; a named error otherwise. */
async function passed(
  deps: Pick<Deps, 'claims' | 'programs' | 'documents' | 'documentWaits' | 'now'>,
  claimId: string,
  membership: { verified: boolean; correction: boolean },
  rules: () => Promise<{ passed: boolean; approvalTimeouts: WorkflowApprovalTimeouts }>,
  /** The claim as this run stored it, when it did (else it is read again). */
  claim?: Claim,
  /** The required documents this run found missing before it stored the claim. */
  missing?: readonly string[],
): Promise<AssessOutput> {
  if (!membership.verified) {
    if (membership.correction)
      throw new ClaimNeedsCorrectionError(`claim ${claimId} needs a data correction`);
    throw new ClaimRejectedError(`claim ${claimId} failed the membership check`);
  }
  const judged = await rules();
  if (!judged.passed) throw new ClaimRejectedError(`claim ${claimId} failed the program's rules`);
  // A document the benefit requires is not stored yet: Claim.AwaitingDocuments, and the claim waits.
  await holdForDocuments(deps, claim ?? claimId, missing);
  return { claimId, timeouts: judged.approvalTimeouts, approval: { nextLevel: 1 } };
}
