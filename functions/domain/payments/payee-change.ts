/**
 * The payee change that pays a payout round: the one a second person confirmed for that round (a round
 * has at most one; later proposals supersede pending ones). Undefined when none was confirmed.
 */
export function confirmedChangeOf<C extends { readonly status: string; readonly round?: number }>(
  changes: readonly C[],
  round: number,
): C | undefined {
  return changes.find((c) => c.status === 'CONFIRMED' && c.round === round);
}
