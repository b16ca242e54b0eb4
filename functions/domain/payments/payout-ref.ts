/**
 * Payout ids: a claim's first payout is `P` + the claim id's body (`C01…` → `P01…`); a payout made again
 * after the bank returned one carries its round (`P01…-2`). The id names its claim and round.
 */
const PAYOUT_ID = /^P([0-9A-Z]{26})(?:-([2-9]|[1-9]\d))?$/;

export function payoutIdOf(claimId: string, round: number): string {
  const body = claimId.slice(1);
  return round === 1 ? `P${body}` : `P${body}-${round}`;
}

export function parsePayoutId(payoutId: string): { claimId: string; round: number } | null {
  const match = PAYOUT_ID.exec(payoutId);
  if (match === null) return null;
  return { claimId: `C${match[1]}`, round: match[2] === undefined ? 1 : Number(match[2]) };
}
