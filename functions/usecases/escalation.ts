import type { ApprovalStep } from '../domain/authority.ts';
import { type Claim, FINAL_STATUSES } from '../domain/claim.ts';
import type { Unit } from '../domain/registry.ts';
import { type ApprovalEscalation, ClaimConflictError, type LinkedWrite } from '../ports/claims-store.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { reverseApproval } from './ledger.ts';
import { failureReason, type StepFailure } from './mark-failed.ts';
import { type ApprovalTaskOutput, taskOutput } from './request-approval.ts';
import { loadClaim, StepStateError } from './step-support.ts';

/** The city federation's level got no decision either: there is no tier above it. */
export class NoApprovalDecisionError extends Error {
  override readonly name = 'NoApprovalDecision';
}

export const NO_DECISION_AT_THE_TOP = 'no decision at the city federation';

/** EscalateApproval's output: the workflow moves on to `nextLevel` (Approved → RequestApproval, which opens that level). */
export interface EscalationOutput {
  readonly decision: 'escalated';
  readonly level: number;
  readonly nextLevel: number;
  readonly fromUnit: string;
  readonly toUnit: string;
}

/**
 * Where a level without a decision goes (pure).
 *
 * How an escalated level maps onto the chain: the chain runs up the tree (grassroots → district or
 * industry → city), so the next unit up from level L's unit is the unit of level L+1 when the chain has
 * one. Then level L+1 takes over level L's question as well: the claim moves on to level L+1, whose one
 * decision answers both, and no unit is asked twice. When level L was the chain's last (the amount
 * needed no higher tier), the parent unit of level L's unit is appended as level L+1 and decides it.
 * At the top of the tree (no parent: the city federation) there is nowhere to go.
 */
export function escalationTarget(
  chain: readonly ApprovalStep[],
  level: number,
  parent: Pick<Unit, 'code' | 'tier'> | null,
): { readonly level: number; readonly unitCode: string; readonly append: ApprovalStep | null } | null {
  const next = chain[level];
  if (next !== undefined) return { level: level + 1, unitCode: next.unitCode, append: null };
  if (parent === null) return null;
  const append: ApprovalStep = { level: level + 1, tier: parent.tier, unitCode: parent.code };
  return { level: level + 1, unitCode: parent.code, append };
}

/** The claim's chain; a claim stored without one is approved by its own unit. */
function chainOf(claim: Claim): ApprovalStep[] {
  const chain = [...(claim.approvalChain ?? [])];
  if (chain.length === 0 && claim.unitCode !== null) {
    chain.push({ level: 1, tier: 'grassroots', unitCode: claim.unitCode });
  }
  return chain;
}

/** Why the level escalates, for the timeline. */
export function escalationReason(cause: StepFailure, level: number, unitCode: string): string {
  if (cause.Error === 'States.Timeout') return `level ${level}: ${unitCode} took no decision in time`;
  if (cause.Error === 'NoEligibleApprover')
    return `level ${level}: no approver of ${unitCode} may decide this claim (four-eyes: each is its claimant, submitter or payee, or decided another level)`;
  return `level ${level}: ${failureReason(cause)}`;
}

type EscalationDeps = Pick<Deps, 'claims' | 'registry' | 'now'>;

/**
 * Workflow step (EscalateApproval): a level without a decision closes as escalated (its links expire),
 * the timeline records it with the reason, and the claim moves to the next tier's level (see
 * {@link escalationTarget}). At the city federation the claim ends FAILED ("no decision at the city
 * federation") and the step throws, so the execution fails too. Idempotent: a replay finds the stored
 * escalation and hands on the same next level; a decision taken meanwhile wins and is handed on.
 */
export async function escalateApproval(
  deps: EscalationDeps,
  input: { claimId: string; level: number; cause: StepFailure },
): Promise<EscalationOutput | ApprovalTaskOutput> {
  const { claimId, level } = input;
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await loadClaim(deps.claims, claimId);
    const request = await deps.claims.getApprovalRequest(claimId, level);
    if (request?.decision != null) return taskOutput(claim, request.decision);
    const chain = chainOf(claim);
    const fromUnit = chain[level - 1]?.unitCode;
    if (fromUnit === undefined) throw new StepStateError(`claim ${claimId} has no approval level ${level}`);
    if (request?.escalation !== undefined) return handOn(claim, request.escalation, level, fromUnit);
    if (FINAL_STATUSES.has(claim.status)) {
      throw new StepStateError(`claim ${claimId} is ${claim.status}; level ${level} cannot escalate`);
    }

    const unit = await deps.registry.getUnit(fromUnit);
    const parent = unit?.parentCode ? await deps.registry.getUnit(unit.parentCode) : null;
    const target = escalationTarget(chain, level, parent);
    const at = deps.now().toISOString();
    const why = escalationReason(input.cause, level, fromUnit);
    const escalation: ApprovalEscalation = {
      at,
      reason: target === null ? `${why}; ${NO_DECISION_AT_THE_TOP}` : why,
      toLevel: target?.level ?? null,
    };
    const linked: LinkedWrite[] = [{ kind: 'escalateApproval', level, escalation, unitCode: fromUnit }];
    try {
      if (target === null) {
        await deps.claims.change(
          claim,
          {
            to: 'FAILED',
            actor: SYSTEM('escalate-approval'),
            action: 'failed',
            reason: NO_DECISION_AT_THE_TOP,
            at,
            set: { failure: { error: 'NoApprovalDecision', reason: NO_DECISION_AT_THE_TOP } },
          },
          [...linked, ...reverseApproval(claim)],
        );
      } else {
        await deps.claims.change(
          claim,
          {
            to: 'AWAITING_APPROVAL',
            actor: SYSTEM('escalate-approval'),
            action: `approval-escalated-level-${level}`,
            reason: `${why}; escalated to ${target.unitCode} (level ${target.level})`,
            at,
            set: target.append === null ? {} : { approvalChain: [...chain, target.append] },
          },
          linked,
        );
      }
      return handOn(claim, escalation, level, fromUnit, target?.unitCode);
    } catch (error) {
      // A decision or another run of this step got there first: read again and hand that on.
      if (
        error instanceof ClaimConflictError &&
        (error.conflict === 'stale-claim' || error.conflict === 'already-decided')
      ) {
        continue;
      }
      throw error;
    }
  }
  throw new Error(`approval level ${level} of claim ${claimId} kept changing while escalating`);
}

function handOn(
  claim: Claim,
  escalation: ApprovalEscalation,
  level: number,
  fromUnit: string,
  toUnit?: string,
): EscalationOutput {
  if (escalation.toLevel === null) throw new NoApprovalDecisionError(NO_DECISION_AT_THE_TOP);
  return {
    decision: 'escalated',
    level,
    nextLevel: escalation.toLevel,
    fromUnit,
    toUnit: toUnit ?? claim.approvalChain?.[escalation.toLevel - 1]?.unitCode ?? '',
  };
}
