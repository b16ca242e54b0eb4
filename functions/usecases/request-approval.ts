import type { ApprovalOutcome, Claim } from '../domain/claim.ts';
import { newLinkId } from '../domain/ids.ts';
import type { ApprovalLink, ApprovalRequest } from '../ports/claims-store.ts';
import { approvalMessages } from './approval-messages.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { changeOnce, loadClaim, StepStateError } from './step-support.ts';

/** No approver of the unit may decide this claim (none registered, or all are the claimant). */
export class NoEligibleApproverError extends Error {
  override readonly name = 'NoEligibleApprover';
}

export interface ApprovalTaskOutput {
  readonly decision: 'approve' | 'reject';
  readonly level: number;
  readonly approverId: string;
  /** The level that must approve next, or null when this approval was the last one needed. */
  readonly nextLevel: number | null;
}

/** The unit that approves a level of a claim's chain (a claim without a chain: its own unit). */
export function approvalStep(claim: Claim, level: number): { unitCode: string; levels: number } | null {
  const chain = claim.approvalChain ?? [];
  if (chain.length === 0)
    return level === 1 && claim.unitCode !== null ? { unitCode: claim.unitCode, levels: 1 } : null;
  const step = chain[level - 1];
  return step === undefined ? null : { unitCode: step.unitCode, levels: chain.length };
}

export function taskOutput(claim: Claim, decision: ApprovalOutcome): ApprovalTaskOutput {
  const levels = approvalStep(claim, decision.level)?.levels ?? decision.level;
  return {
    decision: decision.decision,
    level: decision.level,
    approverId: decision.approverId,
    nextLevel: decision.decision === 'approve' && decision.level < levels ? decision.level + 1 : null,
  };
}

/**
 * Workflow callback step: opens the approval level (links bound to each eligible approver), notifies
 * them, and keeps the task token where the link's POST will find it. A redrive of this step reuses the
 * level: it keeps the links, sends nothing twice, stores the new token, and hands on a decision that
 * was already taken.
 */
export async function requestApproval(
  deps: Pick<
    Deps,
    'claims' | 'registry' | 'workflow' | 'notifier' | 'now' | 'linkBaseUrl' | 'approvalTtlSeconds'
  >,
  input: { claimId: string; level: number; taskToken: string },
): Promise<void> {
  const { claimId, level, taskToken } = input;
  let claim = await loadClaim(deps.claims, claimId);
  let request = await deps.claims.getApprovalRequest(claimId, level);
  let opened = false;

  if (request === null) {
    const expected = level === 1 ? 'RULES_PASSED' : 'AWAITING_APPROVAL';
    if (claim.status !== expected)
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not ${expected}`);
    const step = approvalStep(claim, level);
    if (step === null) throw new StepStateError(`claim ${claimId} has no approval level ${level}`);
    // Four-eyes: the claimant never decides their own claim.
    const approvers = (await deps.registry.listApprovers(step.unitCode)).filter(
      (approver) => approver.memberId !== claim.memberId,
    );
    if (approvers.length === 0) {
      throw new NoEligibleApproverError(
        `unit ${step.unitCode} has no approver who may decide claim ${claimId}`,
      );
    }
    const now = deps.now();
    const expiresAt = new Date(now.getTime() + deps.approvalTtlSeconds * 1000).toISOString();
    const links: ApprovalLink[] = approvers.map((approver) => ({
      linkId: newLinkId(),
      claimId,
      level,
      approverId: approver.approverId,
      createdAt: now.toISOString(),
      expiresAt,
    }));
    const fresh: ApprovalRequest = {
      claimId,
      level,
      unitCode: step.unitCode,
      approverIds: approvers.map((a) => a.approverId),
      linkIds: links.map((l) => l.linkId),
      taskToken,
      createdAt: now.toISOString(),
      expiresAt,
      decision: null,
      closed: false,
      notified: false,
    };
    opened = await deps.claims.createApprovalRequest(fresh, links);
    request = await deps.claims.getApprovalRequest(claimId, level);
    if (request === null) throw new Error(`approval request of claim ${claimId} vanished`);
  }

  if (request.taskToken !== taskToken) {
    await deps.claims.replaceTaskToken(claimId, level, taskToken);
    // Read again after storing the token: a decision recorded before it is seen here, one recorded
    // after it reads the new token. Either way the execution hears of it.
    request = (await deps.claims.getApprovalRequest(claimId, level)) ?? request;
  }

  if (request.decision !== null) {
    await deps.workflow.sendTaskSuccess(taskToken, taskOutput(claim, request.decision));
    return;
  }

  // The timeline shows each level as it opens (a redrive that finds the level open adds nothing).
  if (claim.status === 'RULES_PASSED' || (opened && level > 1)) {
    claim = await changeOnce(deps.claims, claim, {
      to: 'AWAITING_APPROVAL',
      actor: SYSTEM('request-approval'),
      action: `approval-requested-level-${level}`,
      reason: `level ${level}: ${request.approverIds.length} approver(s) of ${request.unitCode} asked`,
      at: deps.now().toISOString(),
    });
  }

  if (!request.notified) {
    const approvers = await deps.registry.listApprovers(request.unitCode);
    for (const [index, approverId] of request.approverIds.entries()) {
      const approver = approvers.find((a) => a.approverId === approverId);
      const linkId = request.linkIds[index];
      if (approver === undefined || linkId === undefined) continue;
      for (const message of approvalMessages(
        claim,
        approver,
        `${deps.linkBaseUrl}/a/${linkId}`,
        request.expiresAt,
        level,
      )) {
        await deps.notifier.send(message);
      }
    }
    await deps.claims.markNotified(claimId, level);
  }
}
