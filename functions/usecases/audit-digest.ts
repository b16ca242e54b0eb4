import { createHash } from 'node:crypto';
import { beijingDate } from '../domain/calendar.ts';
import type { AuditEvent } from '../domain/claim.ts';
import type { AuditDigestStore, DailyDigest } from '../ports/audit-digest-store.ts';

/**
 * The daily digest of all claim chains (see DailyDigest): computed for a Beijing day that has ended,
 * recorded once, checked against the chains as they are on every later run.
 */
export type DigestOutcome =
  /** No digest was recorded for the day: this one is now. */
  | { readonly outcome: 'written'; readonly digest: DailyDigest }
  /** The recorded digest equals the one computed now: the day's chains are as they were. */
  | { readonly outcome: 'matches'; readonly digest: DailyDigest; readonly recorded: DailyDigest }
  /** The recorded digest differs: a chain of that day was rewritten (or events were added late). */
  | { readonly outcome: 'differs'; readonly digest: DailyDigest; readonly recorded: DailyDigest };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC instants [from, to) of a Beijing calendar day. */
export function beijingDayBounds(date: string): { from: string; to: string } {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  if (!DATE.test(date) || Number.isNaN(start) || beijingDate(new Date(start)) !== date) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  return { from: new Date(start).toISOString(), to: new Date(start + 86_400_000).toISOString() };
}

/** The Beijing date before the one of `at`: the day a scheduled run after midnight digests. */
export function previousBeijingDate(at: Date): string {
  return beijingDate(new Date(at.getTime() - 86_400_000));
}

/** The digest of (claimId, last hash) pairs, in claimId order. */
export function digestOf(heads: readonly { readonly claimId: string; readonly hash: string }[]): string {
  const lines = [...heads]
    .sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0))
    .map((h) => `${h.claimId} ${h.hash}\n`)
    .join('');
  return createHash('sha256').update(lines, 'utf8').digest('hex');
}

/** Each claim's last chained event of the day. Unchained events (from before chaining) are left out. */
export function dayHeads(events: readonly AuditEvent[]): { claimId: string; hash: string }[] {
  const last = new Map<string, AuditEvent>();
  for (const event of events) {
    if (typeof event.hash !== 'string') continue;
    const seen = last.get(event.claimId);
    if (seen === undefined || event.seq > seen.seq) last.set(event.claimId, event);
  }
  return [...last.values()].map((e) => ({ claimId: e.claimId, hash: e.hash as string }));
}

/** Computes the digest of a Beijing day that has ended. */
export async function computeDailyDigest(
  store: AuditDigestStore,
  date: string,
  now: Date,
): Promise<DailyDigest> {
  const { from, to } = beijingDayBounds(date);
  if (Date.parse(to) > now.getTime()) {
    throw new RangeError(`the day ${date} (Beijing) has not ended yet: its digest would be incomplete`);
  }
  const events = (await store.eventsBetween(from, to)).filter((e) => {
    const at = Date.parse(e.at);
    return at >= Date.parse(from) && at < Date.parse(to);
  });
  const heads = dayHeads(events);
  return { date, digest: digestOf(heads), claims: heads.length, computedAt: now.toISOString() };
}

/**
 * Records the digest of a Beijing day unless one is recorded, else checks the recorded one against the
 * chains as they are now. What the daily schedule runs (for `previousBeijingDate(now)`).
 */
export async function recordDailyDigest(
  store: AuditDigestStore,
  date: string,
  now: Date,
): Promise<DigestOutcome> {
  const digest = await computeDailyDigest(store, date, now);
  const existing = await store.getDigest(date);
  if (existing === null && (await store.putDigestIfAbsent(digest))) return { outcome: 'written', digest };
  const recorded = existing ?? (await store.getDigest(date));
  if (recorded === null) throw new Error(`the digest of ${date} was neither written nor found`);
  return recorded.digest === digest.digest
    ? { outcome: 'matches', digest, recorded }
    : { outcome: 'differs', digest, recorded };
}
