/** The counters of one (unit, program) cell: small and mergeable, whatever the number of claims. */
export interface Cell {
  claimsSubmitted: number;
  claimsPaid: number;
  claimsRejected: number;
  claimsFailed: number;
  claimsOpen: number;
  /** Payouts made in the period and their sum. */
  payments: number;
  amountPaidFen: number;
  visits: number;
  budgetAllocatedFen: number;
  budgetPaidFen: number;
  /**
   * Approval turnaround, exact to the minute: a sparse count per whole minute (rounded up) from
   * submission to the final approval decision. Its size is bounded by the longest turnaround (the
   * escalation timeouts end every approval within days), not by the number of claims.
   */
  turnaround: Map<number, number>;
  /** Ratings 1–5: counts at index rating − 1. */
  ratings: number[];
  flagsRaised: number;
  flagsConfirmed: number;
}

export function emptyCell(): Cell {
  return {
    claimsSubmitted: 0,
    claimsPaid: 0,
    claimsRejected: 0,
    claimsFailed: 0,
    claimsOpen: 0,
    payments: 0,
    amountPaidFen: 0,
    visits: 0,
    budgetAllocatedFen: 0,
    budgetPaidFen: 0,
    turnaround: new Map(),
    ratings: [0, 0, 0, 0, 0],
    flagsRaised: 0,
    flagsConfirmed: 0,
  };
}

const SUMMED = [
  'claimsSubmitted',
  'claimsPaid',
  'claimsRejected',
  'claimsFailed',
  'claimsOpen',
  'payments',
  'amountPaidFen',
  'visits',
  'budgetAllocatedFen',
  'budgetPaidFen',
  'flagsRaised',
  'flagsConfirmed',
] as const;

/** Adds `from` into `into`. */
export function addCell(into: Cell, from: Cell): void {
  for (const key of SUMMED) into[key] += from[key];
  for (const [minutes, count] of from.turnaround)
    into.turnaround.set(minutes, (into.turnaround.get(minutes) ?? 0) + count);
  for (let i = 0; i < 5; i++) into.ratings[i] = (into.ratings[i] ?? 0) + (from.ratings[i] ?? 0);
}

/** Nearest-rank percentile (the smallest value with at least p of the counts at or below it). */
export function percentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value) ?? 0;
    if (seen >= rank) return value;
  }
  return null;
}
