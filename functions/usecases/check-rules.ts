import { beijingDate } from '../domain/calendar.ts';
import { evaluateRules } from '../domain/rules.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { changeOnce, loadClaim, StepStateError } from './step-support.ts';

/** Workflow step: the program's rules and the amount. Idempotent per claim. */
export async function checkRules(
  deps: Pick<Deps, 'claims' | 'now'>,
  claimId: string,
): Promise<{ passed: boolean; amountFen: number }> {
  let claim = await loadClaim(deps.claims, claimId);
  if (claim.rules === undefined) {
    if (claim.status !== 'MEMBERSHIP_VERIFIED') {
      throw new StepStateError(`claim ${claimId} is ${claim.status}, not MEMBERSHIP_VERIFIED`);
    }
    const outcome = evaluateRules({ ...claim, submittedOn: beijingDate(new Date(claim.submittedAt)) });
    const failed = outcome.results.filter((r) => !r.passed);
    claim = await changeOnce(deps.claims, claim, {
      to: outcome.passed ? 'RULES_PASSED' : 'REJECTED',
      actor: SYSTEM('check-rules'),
      action: outcome.passed ? 'rules-passed' : 'rejected-rules',
      reason: outcome.passed
        ? `rules passed: CNY ${(outcome.amountFen / 100).toFixed(2)}`
        : failed.map((r) => r.en).join('; '),
      at: deps.now().toISOString(),
      set: { rules: outcome },
    });
  }
  return { passed: claim.rules?.passed === true, amountFen: claim.rules?.amountFen ?? 0 };
}
