import type { Claim } from '../domain/claim.ts';
import { deliveryErrorName, deliveryFailureFields } from '../domain/delivery-error.ts';
import { linkHash, linkIdFromSeed, newLinkSeed } from '../domain/ids.ts';
import { log } from '../logging/logger.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { FeedbackRequest } from '../ports/feedback-store.ts';
import { benefitName } from './approval-messages.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { smsTexts } from './sms-texts.ts';
import { ClaimNotFoundError, loadClaim } from './step-support.ts';

/**
 * The notices a member gets, each sent by one step: `rejected` by the workflow's NotifyRejected state,
 * `paid` by the Payout step, `returned` by the reconciliation of the bank's result. The NotifyMember
 * function's input (`NotifyStepInput`) accepts exactly these.
 */
export const MEMBER_NOTICES = ['rejected', 'paid', 'returned'] as const;
export type MemberNotice = (typeof MEMBER_NOTICES)[number];

/** How long a satisfaction link can be answered. */
export const FEEDBACK_TTL_DAYS = 60;

/** A new satisfaction link of a paid claim or a service visit, as it is stored (the token's hash and seed). */
export function newFeedbackRequest(
  linkKey: string,
  now: Date,
  subject: FeedbackRequest['subject'],
  memberId: string,
  program: string,
): FeedbackRequest {
  const seed = newLinkSeed();
  return {
    tokenHash: linkHash(linkIdFromSeed(linkKey, seed)),
    seed,
    subject,
    memberId,
    program,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + FEEDBACK_TTL_DAYS * 86_400_000).toISOString(),
  };
}

/** The URL of a satisfaction link (its token derived from the stored seed with the link key). */
export function feedbackUrl(
  deps: Pick<Deps, 'linkBaseUrl'>,
  linkKey: string,
  request: Pick<FeedbackRequest, 'seed'>,
): string {
  return `${deps.linkBaseUrl}/f/${linkIdFromSeed(linkKey, request.seed)}`;
}

/**
 * Creates (or finds) the satisfaction link of a paid claim or a service visit; returns its URL. The
 * token is derived from a stored seed with the link key, so a replay sends the same link again while
 * the table holds only the token's hash.
 */
export async function feedbackLink(
  deps: Pick<Deps, 'feedback' | 'now' | 'linkBaseUrl' | 'linkKey'>,
  subject: FeedbackRequest['subject'],
  memberId: string,
  program: string,
): Promise<string> {
  const linkKey = await deps.linkKey();
  const stored = await deps.feedback.createForSubject(
    newFeedbackRequest(linkKey, deps.now(), subject, memberId, program),
  );
  return feedbackUrl(deps, linkKey, stored);
}

/**
 * A failed SMS goes on (to the workflow's retry and Catch, which keep it in the execution's state) as
 * its error's name only; the provider's text, which can hold the member's number, goes to the operator
 * log redacted. What makes it retryable (name, `$retryable`, `$metadata`) is kept.
 */
function nameOnly(error: unknown, claimId: string, notice: MemberNotice): Error {
  log.warn('message not delivered', deliveryFailureFields(error, { claimId, notice, channel: 'sms' }));
  const name = deliveryErrorName(error);
  const { $retryable, $metadata, code } = (error ?? {}) as Record<string, unknown>;
  return Object.assign(new Error(`SMS to the member not sent: ${name}`), {
    name,
    $retryable,
    $metadata,
    code,
  });
}

/** The failed checks of a rejected claim, short, in Chinese. */
export function rejectionReasons(claim: Claim, lastReason: string | undefined): string {
  const failed = [...(claim.membership?.results ?? []), ...(claim.rules?.results ?? [])]
    .filter((r) => !r.passed)
    .map((r) => r.zh);
  if (claim.approval?.decision === 'reject' && claim.approval.reason !== '')
    failed.push(claim.approval.reason);
  if (failed.length === 0 && lastReason !== undefined && lastReason !== '') failed.push(lastReason);
  const text = failed.join('；');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The member's SMS of a notice, one part long (see sms-texts.ts). */
function smsText(notice: MemberNotice, claim: Claim, reasons: string, link: string | null): string {
  switch (notice) {
    case 'rejected':
      return smsTexts.rejected(benefitName(claim), reasons);
    case 'paid':
      return smsTexts.paid(link ?? '');
    case 'returned':
      return smsTexts.returned(claim.payout?.amountFen ?? 0, claim.payout?.returned?.reason ?? '');
  }
}

/**
 * A claim this very run just paid, with the satisfaction link written with its payment: nothing to read
 * back (no notice of this round can exist yet).
 */
export interface PaidNow {
  readonly claim: Claim;
  readonly feedbackLink: string;
}

/**
 * Tells the member by SMS of the claim's outcome (the workflow's NotifyRejected step; the Payout step
 * for `paid`; reconciliation for `returned`), and records `member-notified-<notice>` on the timeline
 * (the status stays). A replay that finds the event sends nothing. No step tells the member a claim was
 * received or approved: a member gets one SMS per claim, at its outcome (and one more if the bank
 * returns the payout).
 *
 * `paidNow`: the Payout step paid the claim in the same run and wrote the link with the payment. Then the
 * claim is not read again, and the timeline event alone records the SMS sent (no message log of its own):
 * a run that dies between the SMS and the event is run again, finds no event and sends again (at least
 * once, as the message log's own window between the provider and its record).
 */
export async function notifyMember(
  deps: Pick<Deps, 'claims' | 'registry' | 'notifier' | 'feedback' | 'now' | 'linkBaseUrl' | 'linkKey'>,
  input: { claimId: string; notice: MemberNotice; paidNow?: PaidNow },
): Promise<{ sent: boolean }> {
  if (input.paidNow !== undefined && input.notice === 'paid') {
    const { claim, feedbackLink: link } = input.paidNow;
    const member = await deps.registry.getMember(claim.memberId);
    if (member === null || member.mobile === '') return { sent: false };
    try {
      await deps.notifier.send({
        channel: 'sms',
        to: member.mobile,
        subject: `claim paid ${claim.claimId}`,
        text: smsText('paid', claim, '', link),
        links: [link],
      });
    } catch (error) {
      throw nameOnly(error, claim.claimId, 'paid');
    }
    await recordNotice(deps, claim, 'paid');
    return { sent: true };
  }
  const action = `member-notified-${input.notice}`;
  // The claim and its timeline in one read of its partition.
  const { claim: stored, timeline } = await deps.claims.getWithTimeline(input.claimId);
  // A payout the bank returned is paid again: its notices are sent again, once per round.
  const round = timeline.findLastIndex((e) => e.action === 'payout-returned');
  const sinceNotice =
    input.notice === 'paid' || input.notice === 'returned' ? timeline.slice(round + 1) : timeline;
  if (sinceNotice.some((e) => e.action === action)) return { sent: false };
  const payoutRounds =
    input.notice === 'paid' || input.notice === 'returned'
      ? timeline.filter((e) => e.action === 'payout-returned').length
      : 0;
  if (stored === null) throw new ClaimNotFoundError(`claim ${input.claimId} does not exist`);
  const claim = stored;
  const member = await deps.registry.getMember(claim.memberId);
  if (member === null || member.mobile === '') return { sent: false };
  const lastReason = [...timeline].reverse().find((e) => e.to === 'REJECTED')?.reason;
  const link =
    input.notice === 'paid'
      ? await feedbackLink(deps, { kind: 'claim', id: claim.claimId }, claim.memberId, claim.program)
      : null;
  try {
    await deps.notifier.send({
      // One SMS per claim, notice and payout round (a payout the bank returned is paid, and told, again).
      idempotencyKey: `member:${claim.claimId}:${input.notice}:${payoutRounds}:${claim.memberId}:sms`,
      channel: 'sms',
      to: member.mobile,
      // The subject is not sent with an SMS: it names the claim in the outbox and the delivery log.
      subject: `claim ${input.notice} ${claim.claimId}`,
      text: smsText(input.notice, claim, rejectionReasons(claim, lastReason), link),
      links: link === null ? [] : [link],
    });
  } catch (error) {
    throw nameOnly(error, claim.claimId, input.notice);
  }
  await recordNotice(deps, claim, input.notice);
  return { sent: true };
}

/** Appends `member-notified-<notice>` to the timeline (the status stays), whatever changed meanwhile. */
async function recordNotice(
  deps: Pick<Deps, 'claims' | 'now'>,
  claim: Claim,
  notice: MemberNotice,
): Promise<void> {
  let current = claim;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await deps.claims.change(current, {
        to: current.status,
        actor: SYSTEM('notify-member'),
        action: `member-notified-${notice}`,
        reason: `SMS to the member: ${notice}`,
        at: deps.now().toISOString(),
      });
      return;
    } catch (error) {
      if (!(error instanceof ClaimConflictError && error.conflict === 'stale-claim')) throw error;
      current = await loadClaim(deps.claims, claim.claimId);
    }
  }
}
