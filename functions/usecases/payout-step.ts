import type { PayoutOutcome } from '../domain/claim.ts';
import { deliveryErrorName } from '../domain/delivery-error.ts';
import type { FeedbackRequest } from '../ports/feedback-store.ts';
import type { Deps } from './deps.ts';
import { feedbackUrl, newFeedbackRequest, notifyMember } from './member-notify.ts';
import { payout } from './payout.ts';

/** The budget cannot pay yet: the workflow catches this and waits in AwaitFunds (AWAITING_FUNDS). */
export class ClaimAwaitingFundsError extends Error {
  override readonly name = 'Claim.AwaitingFunds';
}

/** A fraud flag holds the claim: the workflow catches this and waits in AwaitRelease (ON_HOLD). */
export class ClaimOnHoldError extends Error {
  override readonly name = 'Claim.OnHold';
}

/** What the Payout step ends the execution with: the payout, and whether the member's SMS went out. */
export interface PaidStepOutput {
  readonly paid: true;
  readonly payout: PayoutOutcome;
  /** `sent`, `not-sent` (sent before, or no mobile on record), or the name of the error that stopped it. */
  readonly memberNotice: string;
}

type PayoutStepDeps = Pick<
  Deps,
  | 'claims'
  | 'budgets'
  | 'fundsQueue'
  | 'workflow'
  | 'registry'
  | 'notifier'
  | 'feedback'
  | 'now'
  | 'linkBaseUrl'
  | 'linkKey'
  | 'payeeKey'
>;

/**
 * Workflow step: pays the claim (usecases/payout.ts) and, once paid, sends the member the one SMS of
 * the outcome (the paid notice with its satisfaction link), so the execution ends here. A claim that
 * waits for funds or on a fraud hold leaves through a named error that the workflow catches to its
 * waiting state. The SMS never changes the payout: a failure to send it is logged (redacted) and named
 * in the step's output, and a replay of the step sends it at most once per payout round.
 */
export async function payoutStep(deps: PayoutStepDeps, claimId: string): Promise<PaidStepOutput> {
  // The first round's satisfaction link is written with the payment, so the paid notice needs no write
  // of its own before it goes out (a later round finds the link the first one made).
  let feedback: { request: FeedbackRequest; linkKey: string } | undefined;
  const result = await payout(deps, claimId, async (claim, round) => {
    feedback = undefined;
    if (round !== 1) return [];
    const linkKey = await deps.linkKey();
    const subject = { kind: 'claim', id: claimId } as const;
    const request = newFeedbackRequest(linkKey, deps.now(), subject, claim.memberId, claim.program);
    feedback = { request, linkKey };
    return [{ kind: 'createFeedback', request }];
  });
  if (!result.paid) {
    if ('held' in result) throw new ClaimOnHoldError(`claim ${claimId} is on hold: a fraud flag is open`);
    throw new ClaimAwaitingFundsError(
      `claim ${claimId} waits for funds (short by ${result.shortfallFen} fen)`,
    );
  }
  // Paid by this run, with its link: the notice is sent without reading the claim again.
  const paidNow =
    result.paidNow !== undefined && feedback !== undefined
      ? {
          paidNow: {
            claim: result.paidNow,
            feedbackLink: feedbackUrl(deps, feedback.linkKey, feedback.request),
          },
        }
      : {};
  const memberNotice = await notifyMember(deps, { claimId, notice: 'paid', ...paidNow }).then(
    ({ sent }) => (sent ? 'sent' : 'not-sent'),
    (error: unknown) => deliveryErrorName(error),
  );
  return { paid: true, payout: result.payout, memberNotice };
}
