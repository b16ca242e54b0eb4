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

  if (request === null) {
    if (claim.status !== 'RULES_PASSED')
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not RULES_PASSED`);
    if (claim.unitCode === null) throw new StepStateError(`claim ${claimId} has no unit`);
    const approvers = (await deps.registry.listApprovers(claim.unitCode)).filter(
      (approver) => approver.memberId !== claim.memberId,
    );
    if (approvers.length === 0) {
      throw new NoEligibleApproverError(
        `unit ${claim.unitCode} has no approver who may decide claim ${claimId}`,
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
      unitCode: claim.unitCode,
      approverIds: approvers.map((a) => a.approverId),
      linkIds: links.map((l) => l.linkId),
      taskToken,
      createdAt: now.toISOString(),
      expiresAt,
      decision: null,
      closed: false,
      notified: false,
    };
    await deps.claims.createApprovalRequest(fresh, links);
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
    const output: ApprovalTaskOutput = {
      decision: request.decision.decision,
      level,
      approverId: request.decision.approverId,
    };
    await deps.workflow.sendTaskSuccess(taskToken, output);
    return;
  }

  if (claim.status === 'RULES_PASSED') {
    claim = await changeOnce(deps.claims, claim, {
      to: 'AWAITING_APPROVAL',
      actor: SYSTEM('request-approval'),
      action: 'approval-requested',
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
      )) {
        await deps.notifier.send(message);
      }
    }
    await deps.claims.markNotified(claimId, level);
  }
}
