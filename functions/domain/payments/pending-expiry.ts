/**
 * How long a second person has to confirm what one person started on money: a payee change proposed by
 * staff, and the RETURNED lines of a bank result uploaded over the API. After that the pending item can no
 * longer be confirmed (the problem says so, 410), and the table's TTL removes it once its retention has
 * passed (`linkTtl`: 30 days after the expiry, so that its page and the API can still say "expired").
 */

/** A payee change proposed by staff waits this long for the member's SMS link or a second staff person. */
export const PAYEE_CHANGE_EXPIRY_DAYS = 14;

/**
 * A bank result's RETURNED lines wait this long for a second person; shorter than the 30 days an uploaded
 * file is kept, so a reconciliation that can still be confirmed always finds its file.
 */
export const RECONCILIATION_EXPIRY_DAYS = 14;

const DAY_MS = 86_400_000;

/** The instant (ISO) a pending item started at `from` (ISO) expires, `days` later. */
export function pendingExpiresAt(from: string, days: number): string {
  return new Date(Date.parse(from) + days * DAY_MS).toISOString();
}

/** Has a pending item that expires at `expiresAt` (ISO) expired at `now`? The instant itself is expired. */
export function hasExpired(expiresAt: string, now: Date): boolean {
  return Date.parse(expiresAt) <= now.getTime();
}

/**
 * When a pending reconciliation expires: its own `expiresAt`, or for one stored before reconciliations
 * expired, its upload time and the period.
 */
export function reconciliationExpiresAt(reconciliation: {
  readonly uploadedAt: string;
  readonly expiresAt?: string;
}): string {
  return reconciliation.expiresAt ?? pendingExpiresAt(reconciliation.uploadedAt, RECONCILIATION_EXPIRY_DAYS);
}
