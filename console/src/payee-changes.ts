/** A claim's payee history as its audit timeline tells it (no DOM, no Preact: unit-tested on its own). */

export interface PayeeEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: { readonly kind?: string; readonly id?: string };
  readonly action: string;
  readonly reason: string;
}

/** The timeline's events about the payee: the bank's return, staff's proposals, the corrections. */
export const PAYEE_ACTIONS: readonly string[] = [
  'payout-returned',
  'payee-change-proposed',
  'payee-corrected',
];

/**
 * The change still waiting on the claim: the last proposal after the last return that no correction
 * followed. The API names the change in the proposal's audit reason (`… (change {changeId}, account …`);
 * it has no list of a claim's payee changes. An expired one is still shown: confirming it is the API's
 * to refuse.
 */
export function pendingChangeOf(
  timeline: readonly PayeeEvent[],
): { readonly changeId: string; readonly event: PayeeEvent } | null {
  let pending: { changeId: string; event: PayeeEvent } | null = null;
  for (const event of timeline) {
    if (event.action === 'payout-returned' || event.action === 'payee-corrected') pending = null;
    if (event.action === 'payee-change-proposed') {
      const changeId = /\(change ([^,\s)]+)/.exec(event.reason)?.[1];
      pending = changeId === undefined ? null : { changeId, event };
    }
  }
  return pending;
}
