import { approvalChain } from '../domain/authority.ts';
import { beijingDate } from '../domain/calendar.ts';
import type { Claim } from '../domain/claim.ts';
import { approvalTimeoutsOf } from '../domain/programs/catalog.ts';
import { versionRef } from '../domain/programs/versions.ts';
import type { Member, Unit } from '../domain/registry.ts';
import { evaluateRules, payingEvidence } from '../domain/rules.ts';
import { type ClaimChange, ClaimConflictError, type LinkedWrite } from '../ports/claims-store.ts';
import type { ProgramVersion } from '../schemas/programs.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { reserve, usageKey, usageLimits } from './ledger.ts';
import { loadClaim, StepStateError } from './step-support.ts';

/** The units from the root to the claim's unit, for the approval chain. */
async function unitsOnPath(deps: Pick<Deps, 'registry'>, unitPath: string | null): Promise<Unit[]> {
  const units = await Promise.all((unitPath ?? '').split('/').map((code) => deps.registry.getUnit(code)));
  return units.filter((u): u is Unit => u !== null);
}

/**
 * The approval timeouts the workflow carries to its callback steps (TimeoutSecondsPath): the level
 * reminds after `remindAfterSeconds`, then escalates `reminderWindowSeconds` later.
 */
export interface WorkflowApprovalTimeouts {
  readonly remindAfterSeconds: number;
  readonly escalateAfterSeconds: number;
  readonly reminderWindowSeconds: number;
}

export function workflowApprovalTimeouts(version: ProgramVersion | null): WorkflowApprovalTimeouts {
  const { remindAfterSeconds, escalateAfterSeconds } = approvalTimeoutsOf(version);
  return {
    remindAfterSeconds,
    escalateAfterSeconds,
    reminderWindowSeconds: escalateAfterSeconds - remindAfterSeconds,
  };
}

export const RACES = new Set<ClaimConflictError['conflict']>(['stale-claim', 'cap-reached', 'evidence-held']);

/** The rules' judgement of a claim (as it stands once MEMBERSHIP_VERIFIED), as the change that records it. */
export interface RulesJudgement {
  readonly passed: boolean;
  readonly amountFen: number;
  readonly approvalTimeouts: WorkflowApprovalTimeouts;
  readonly change: ClaimChange;
  /** The usage and evidence the claim reserves, committed with the change. */
  readonly linked: LinkedWrite[];
}

/**
 * Judges the program's rules in force on the incident date for the member as just read, against the
 * member's usage of the year and the evidence other claims hold (two reads), and says what to write:
 * RULES_PASSED with its reservations, or REJECTED.
 */
export async function judgeRules(
  deps: Pick<Deps, 'registry' | 'programs' | 'usage' | 'now'>,
  claim: Claim,
  member: Member,
): Promise<RulesJudgement> {
  const version = await claimVersion(deps.programs, claim);
  const key = usageKey(claim);
  const { usage, evidenceInUse } = await deps.usage.snapshotWithEvidence(key, claim.evidence, claim.claimId);
  const outcome = evaluateRules({
    version,
    claim: { ...claim, submittedOn: beijingDate(new Date(claim.submittedAt)) },
    member,
    usage,
    evidenceInUse,
  });
  const failed = outcome.results.filter((r) => !r.passed);
  const benefit = version?.benefits.find((b) => b.id === claim.benefit);
  // The documents that pay (an invoice, a certificate) are held; supporting ones may recur.
  const held = outcome.passed && benefit !== undefined ? payingEvidence(benefit, claim.evidence) : [];
  const linked = outcome.passed
    ? reserve(claim, outcome.consumes, usageLimits(version, claim.benefit), held)
    : [];
  const chain = outcome.passed
    ? approvalChain(outcome.amountFen, await unitsOnPath(deps, claim.unitPath))
    : [];
  return {
    passed: outcome.passed,
    amountFen: outcome.amountFen,
    approvalTimeouts: workflowApprovalTimeouts(version),
    linked,
    change: {
      to: outcome.passed ? 'RULES_PASSED' : 'REJECTED',
      actor: SYSTEM('check-rules'),
      action: outcome.passed ? 'rules-passed' : 'rejected-rules',
      reason: outcome.passed
        ? `rules passed: CNY ${(outcome.amountFen / 100).toFixed(2)}`
        : failed.map((r) => r.en).join('; '),
      at: deps.now().toISOString(),
      set: {
        rules: outcome,
        heldEvidence: held,
        approvalChain: chain,
        // A claim stored before its version was recorded keeps the one it is judged under now.
        ...(claim.programVersion === undefined && version !== null
          ? { programVersion: versionRef(version) }
          : {}),
      },
      ...(outcome.passed ? { event: { amountFen: outcome.amountFen } } : {}),
    },
  };
}

/**
 * Workflow step: the program's rules in force on the incident date, against the member's usage of the
 * year and the evidence other claims hold. A claim that passes reserves its usage and evidence in the
 * same transaction as RULES_PASSED, so two claims cannot pass one cap or one invoice together (the loser
 * of such a race is judged again). Idempotent per claim.
 */
export async function checkRules(
  deps: Pick<Deps, 'claims' | 'registry' | 'programs' | 'usage' | 'now'>,
  claimId: string,
): Promise<{ passed: boolean; amountFen: number; approvalTimeouts: WorkflowApprovalTimeouts }> {
  for (let attempt = 0; ; attempt++) {
    const claim = await loadClaim(deps.claims, claimId);
    if (claim.rules !== undefined) {
      return {
        passed: claim.rules.passed,
        amountFen: claim.rules.amountFen,
        approvalTimeouts: workflowApprovalTimeouts(await claimVersion(deps.programs, claim)),
      };
    }
    if (claim.status !== 'MEMBERSHIP_VERIFIED') {
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not MEMBERSHIP_VERIFIED`);
    }
    const member = await deps.registry.getMember(claim.memberId);
    if (member === null)
      throw new StepStateError(`member ${claim.memberId} of claim ${claimId} is not registered`);
    const judged = await judgeRules(deps, claim, member);
    try {
      await deps.claims.change(claim, judged.change, judged.linked);
      // What a read of the changed claim would return, without reading it again.
      const { passed, amountFen, approvalTimeouts } = judged;
      return { passed, amountFen, approvalTimeouts };
    } catch (error) {
      // Another claim took the last of a cap or an invoice, or a retry of this step got here first.
      if (error instanceof ClaimConflictError && RACES.has(error.conflict) && attempt < 5) continue;
      throw error;
    }
  }
}
