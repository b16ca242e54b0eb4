import type { ApprovalRequest } from '../ports/claims-store.ts';
import type { Workflow } from '../ports/workflow.ts';
import type { ApprovalTaskOutput } from './request-approval.ts';

/** The error a rejection is handed to the waiting approval step as (the workflow catches it into NotifyRejected). */
export const REJECTED_ERROR = 'Claim.Rejected';
/** The error an approval that needs a higher level is handed on as (caught back into RequestApproval). */
export const NEXT_LEVEL_ERROR = 'Claim.NextLevel';

/**
 * How the definition that issued a level's task token expects a decision (stored with the token):
 * `outcome` (this definition: success, Claim.Rejected or Claim.NextLevel); undefined, the earlier
 * definition's, whose Approved Choice reads every decision from the task's success output.
 */
export type HandOff = ApprovalRequest['handOff'];

/** How a decision resumes the approval step that waits on it. */
export type DecisionHandOff =
  | { readonly kind: 'success'; readonly output: ApprovalTaskOutput }
  | { readonly kind: 'failure'; readonly error: string; readonly cause: string };

/**
 * The one mapping of an approval decision onto the waiting task (pure): for a token of this definition
 * (`outcome`) only the last approval needed resumes it as success (the workflow goes on to Payout); a
 * rejection fails it with Claim.Rejected and an approval that needs a higher level with Claim.NextLevel,
 * each with the decision as JSON for its cause, so that no Choice state is entered after a decision by
 * link. A token of the earlier definition (an execution that started before this one was deployed and
 * runs on it to its end) gets every decision as success with the decision as output, which its Approved
 * Choice routes: a failure would end that execution through MarkFailed.
 */
export function decisionHandOff(output: ApprovalTaskOutput, handOff: HandOff): DecisionHandOff {
  if (handOff !== 'outcome') return { kind: 'success', output };
  if (output.decision === 'reject') {
    return { kind: 'failure', error: REJECTED_ERROR, cause: JSON.stringify(output) };
  }
  if (output.nextLevel !== null) {
    return { kind: 'failure', error: NEXT_LEVEL_ERROR, cause: JSON.stringify(output) };
  }
  return { kind: 'success', output };
}

/**
 * Hands a decision to the approval step waiting on `taskToken`, the way the level's `handOff` (stored
 * with that token) says its definition expects it (see {@link decisionHandOff}).
 */
export async function handDecisionOn(
  workflow: Pick<Workflow, 'sendTaskSuccess' | 'sendTaskFailure'>,
  taskToken: string,
  output: ApprovalTaskOutput,
  handOff: HandOff,
): Promise<void> {
  const resume = decisionHandOff(output, handOff);
  if (resume.kind === 'success') await workflow.sendTaskSuccess(taskToken, resume.output);
  else await workflow.sendTaskFailure(taskToken, resume.error, resume.cause);
}

/**
 * What the approval states read from `$.approval` (pure): the output of Assess or EscalateApproval
 * (`nextLevel`), or the Catch of Claim.NextLevel (`{Error, Cause}`, the cause being the decision's JSON).
 * The level to open (or remind, or escalate), or null when the state holds neither.
 */
export function levelToOpen(approval: unknown): number | null {
  if (typeof approval !== 'object' || approval === null) return null;
  const { nextLevel, Error: error, Cause: cause } = approval as Record<string, unknown>;
  if (typeof nextLevel === 'number') return nextLevel;
  if (error !== NEXT_LEVEL_ERROR || typeof cause !== 'string') return null;
  try {
    const decided = JSON.parse(cause) as { nextLevel?: unknown };
    return typeof decided.nextLevel === 'number' ? decided.nextLevel : null;
  } catch {
    return null;
  }
}
