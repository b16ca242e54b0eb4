import { createHash } from 'node:crypto';
import type { ArchivedEvent } from '../domain/audit-archive.ts';
import { GENESIS_HASH } from '../domain/audit-chain.ts';
import type { ArchiveDigest, ArchiveDigestStore } from '../ports/archive-digest-store.ts';
import { digestOf } from './audit-digest.ts';

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

/** Each claim's record with the highest seq (ties: the lowest hash, so the digest never depends on order). */
function headsOf(records: readonly ArchivedEvent[]): { claimId: string; hash: string }[] {
  const last = new Map<string, ArchivedEvent>();
  for (const r of records) {
    const seen = last.get(r.claimId);
    if (seen === undefined || r.seq > seen.seq || (r.seq === seen.seq && r.hash < seen.hash))
      last.set(r.claimId, r);
  }
  return [...last.values()].map((r) => ({ claimId: r.claimId, hash: r.hash }));
}

export const hourOf = (at: Date) => at.toISOString().slice(0, 13);

function hourBounds(hour: string): { from: string; to: string } {
  const start = Date.parse(`${hour}:00:00.000Z`);
  if (!HOUR.test(hour) || Number.isNaN(start)) throw new RangeError(`not an hour (YYYY-MM-DDTHH): ${hour}`);
  return { from: new Date(start).toISOString(), to: new Date(start + 3_600_000).toISOString() };
}

/** Records the digest of the hour before `now` (or `hour`), chained to the one before it. */
export async function recordArchiveDigest(
  store: ArchiveDigestStore,
  now: Date,
  hour = hourOf(new Date(now.getTime() - 3_600_000)),
): Promise<{ outcome: 'written' | 'exists'; digest: ArchiveDigest }> {
  const { from, to } = hourBounds(hour);
  if (Date.parse(to) > now.getTime()) throw new RangeError(`the hour ${hour} has not ended yet`);
  const existing = await store.getDigest(hour);
  if (existing !== null) return { outcome: 'exists', digest: existing };
  const before = await store.getDigest(hourOf(new Date(Date.parse(from) - 3_600_000)));
  const previous = before?.chained ?? GENESIS_HASH;
  const heads = headsOf(await store.archivedBetween(from, to));
  const headsDigest = digestOf(heads);
  const chained = createHash('sha256').update(`${previous}\n${hour}\n${headsDigest}`, 'utf8').digest('hex');
  const digest = { hour, heads: heads.length, headsDigest, previous, chained };
  await store.putDigest(digest);
  return { outcome: 'written', digest };
}
