/**
 * The checks a payout passes before it goes to the bank in a batch: what the line would send (the
 * payout item's amount, the payee item's account) must be what the claim's hash chain says was decided
 * and paid, and what the budget ledger charged. Everything outside the chain can be edited by anyone
 * with table access; the chain (verified, and compared with the archive) cannot without showing.
 */
import type { AuditEvent, Claim } from '../claim.ts';
import { type PayeeDetails, payeeHashMatches, samePayee } from './payee-hash.ts';
import { parsePayoutId } from './payout-ref.ts';

/**
 * Paid events carry `amountFen`, `payoutId` and `payeeHash` from 2026-12-05 (UTC) on: a paid event
 * written before the end of that day without them is legacy, and only its chain and amounts are checked.
 */
export const MONEY_FIELDS_CUT_OVER = '2026-12-06T00:00:00.000Z';

export interface LineFacts {
  readonly payout: {
    readonly payoutId: string;
    readonly claimId: string;
    readonly amountFen: number;
    readonly unitCode: string;
    readonly programId: string;
  };
  readonly claim: Claim | null;
  readonly events: readonly AuditEvent[];
  /** The claim's chain verification (null: it verifies). */
  readonly chainBreak: { readonly seq: number; readonly reason: string } | null;
  readonly payee: PayeeDetails | null;
  /** What the budget ledger says was paid from the payout's budget (null: no such budget). */
  readonly budgetPaidFen: number | null;
  /** The payee hash key (`payeeAccountHash`): the chain's payee hashes are keyed (legacy ones are not). */
  readonly payeeHashKey: string;
}

const fen = (n: number | undefined) => (n === undefined ? 'none' : `${n} fen`);

/** Why a payout line must not go to the bank; empty when it may. */
export function lineRefusals(facts: LineFacts): string[] {
  const { payout, claim, events } = facts;
  if (claim === null) return ['claim missing from the table'];
  const reasons: string[] = [];
  if (facts.chainBreak !== null)
    reasons.push(`chain broken at seq ${facts.chainBreak.seq} (${facts.chainBreak.reason})`);
  if (claim.unitCode !== payout.unitCode || claim.program !== payout.programId)
    reasons.push('paying unit or program differs from the claim’s');
  // The event that paid this payout; a legacy one (no payoutId) is the round's paid event by position.
  const paidEvents = events.filter((e) => e.action === 'paid' && e.to === 'PAID');
  const byPosition = paidEvents[(parsePayoutId(payout.payoutId)?.round ?? 1) - 1];
  const paid =
    paidEvents.find((e) => e.payoutId === payout.payoutId) ??
    (byPosition?.payoutId === undefined &&
    byPosition !== undefined &&
    Date.parse(byPosition.at) < Date.parse(MONEY_FIELDS_CUT_OVER)
      ? byPosition
      : undefined);
  if (paid === undefined) {
    reasons.push('payout not in the claim’s chain');
    return reasons;
  }
  const paidIndex = events.indexOf(paid);
  const legacy = paid.payoutId === undefined;
  if (!legacy && paid.amountFen !== payout.amountFen)
    reasons.push(`amount ${fen(payout.amountFen)} differs from the ${fen(paid.amountFen)} the chain paid`);
  // The amount the rules decided and the approvers approved: pinned in the rules-passed event, else
  // (rules run before events carried amounts) the claim's rules outcome.
  const rulesEvent = events
    .slice(0, paidIndex)
    .findLast((e) => e.to === 'RULES_PASSED' && e.amountFen !== undefined);
  const approved = rulesEvent?.amountFen ?? claim.rules?.amountFen;
  if (approved !== payout.amountFen)
    reasons.push(`amount ${fen(payout.amountFen)} differs from the approved ${fen(approved)}`);
  if (facts.payee === null) reasons.push('payee details missing');
  else if (!legacy && !payeeHashMatches(facts.payeeHashKey, claim.claimId, facts.payee, paid.payeeHash))
    reasons.push('payee details differ from those the chain paid to');
  // After a returned payout, the round pays the details that were corrected or confirmed, by hash (a
  // correction hashed before the key existed is compared with the paid hash through the stored details).
  const corrected = events.slice(0, paidIndex).findLast((e) => e.action === 'payee-corrected');
  if (
    !legacy &&
    corrected?.payeeHash !== undefined &&
    !samePayee(facts.payeeHashKey, claim.claimId, facts.payee, corrected.payeeHash, paid.payeeHash ?? '')
  )
    reasons.push('the chain paid other payee details than those corrected or confirmed before it');
  if (facts.budgetPaidFen === null) reasons.push('no budget ledger for the payout’s unit, program and year');
  else if (facts.budgetPaidFen < payout.amountFen)
    reasons.push(
      `budget ledger paid ${fen(facts.budgetPaidFen)}, less than the line’s ${fen(payout.amountFen)}`,
    );
  return reasons;
}
