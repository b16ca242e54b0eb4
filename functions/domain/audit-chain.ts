/**
 * The hash chain of a claim's audit events: each event carries the SHA-256 of the one before it
 * (`prevHash`) and its own (`hash`), so altering, removing or reordering an event shows.
 *
 *   hash = hex(SHA-256(prevHash + canonical(event without prevHash and hash)))
 *
 * The first event's prevHash is GENESIS_HASH (64 zeros). `canonical` is JSON with the keys of every
 * object sorted (UTF-16 code unit order), no whitespace, undefined members left out, and no key
 * attributes of the table (pk, sk, type, gsi1pk, gsi1sk, ttl). Every other field of an event is hashed,
 * whatever its name: fields added to events later (amounts, payee hashes, identities) are covered as
 * they are written.
 *
 * Events without hashes are accepted only when written before CHAINING_CUT_OVER; any unchained event
 * at or after it breaks the chain.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from './claim.ts';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Hash chaining landed on 2026-11-28 (UTC): events written before the end of that day may lack
 * `prevHash`/`hash` (legacy, reported as unchained); an unchained event written at or after this
 * instant is a stripped chain, never legacy.
 */
export const CHAINING_CUT_OVER = '2026-11-29T00:00:00.000Z';

/** Attributes that are never part of the hashed content of an event. */
const NOT_HASHED: ReadonlySet<string> = new Set([
  'prevHash',
  'hash',
  'pk',
  'sk',
  'type',
  'gsi1pk',
  'gsi1sk',
  'ttl',
]);

/** Why a chain does not verify at an event. */
export const BREAK_REASONS = {
  missingHash: 'hash missing: an unchained event after chained ones',
  unchainedAfterCutOver: `hash missing: an unchained event written after hash chaining began (${CHAINING_CUT_OVER})`,
  hashMismatch: 'hash mismatch: the event was altered',
  prevHashMismatch: 'prevHash mismatch: an event was removed or reordered',
  seqGap: 'gap in seq: an event is missing',
  tailMismatch: 'last hash mismatch: the latest event was removed or replaced',
} as const;

export interface ChainBreak {
  readonly seq: number;
  readonly reason: string;
}

export interface ChainVerification {
  /** True when the chain verifies end to end (a leading run of legacy events before the cut-over allowed). */
  readonly valid: boolean;
  readonly length: number;
  readonly firstBroken: ChainBreak | null;
  /** Events at the start written before CHAINING_CUT_OVER without prevHash/hash: reported, not verifiable. */
  readonly unchained: number;
}

function canonicalValue(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => canonicalValue(v, false));
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (top && NOT_HASHED.has(key)) continue;
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      sorted[key] = canonicalValue(member, false);
    }
    return sorted;
  }
  return value;
}

/** The canonical serialisation of an event: what its hash covers. */
export function canonicalEvent(event: AuditEvent): string {
  return JSON.stringify(canonicalValue(event, true));
}

/** The hash of an event that follows an event with hash `prevHash` (GENESIS_HASH for the first). */
export function eventHash(event: AuditEvent, prevHash: string): string {
  return createHash('sha256')
    .update(prevHash + canonicalEvent(event), 'utf8')
    .digest('hex');
}

/** The event with its place in the chain: `prevHash` (GENESIS_HASH when null/absent) and its `hash`. */
export function chainEvent(event: AuditEvent, prevHash: string | null | undefined): AuditEvent {
  const prev = prevHash ?? GENESIS_HASH;
  return { ...event, prevHash: prev, hash: eventHash(event, prev) };
}

const isChained = (event: AuditEvent): boolean =>
  typeof event.hash === 'string' && typeof event.prevHash === 'string';

/**
 * Verifies a claim's events in stored order (by seq). `expected` is what the claim item says of its
 * latest event (its version and `lastEventHash`), so a removed last event is found too. A leading run of
 * events without hashes written before CHAINING_CUT_OVER is counted as `unchained`; the chain then starts
 * at the first chained event with GENESIS_HASH. An unchained event written at or after the cut-over
 * breaks the chain.
 */
export function verifyChain(
  events: readonly AuditEvent[],
  expected: { readonly lastSeq?: number; readonly lastHash?: string | null } = {},
): ChainVerification {
  const result = (firstBroken: ChainBreak | null, unchained: number): ChainVerification => ({
    valid: firstBroken === null,
    length: events.length,
    firstBroken,
    unchained,
  });
  let unchained = 0;
  while (unchained < events.length && !isChained(events[unchained] as AuditEvent)) unchained++;
  let prevHash = GENESIS_HASH;
  let prevSeq: number | null = null;
  for (const [index, event] of events.entries()) {
    const expectedSeq = prevSeq === null ? (index === 0 ? 1 : null) : prevSeq + 1;
    if (index < unchained) {
      if (!(Date.parse(event.at) < Date.parse(CHAINING_CUT_OVER))) {
        return result({ seq: event.seq, reason: BREAK_REASONS.unchainedAfterCutOver }, unchained);
      }
      if (expectedSeq !== null && event.seq !== expectedSeq) {
        return result({ seq: event.seq, reason: BREAK_REASONS.seqGap }, unchained);
      }
      prevSeq = event.seq;
      continue;
    }
    if (!isChained(event)) return result({ seq: event.seq, reason: BREAK_REASONS.missingHash }, unchained);
    if (eventHash(event, event.prevHash as string) !== event.hash) {
      return result({ seq: event.seq, reason: BREAK_REASONS.hashMismatch }, unchained);
    }
    if (event.prevHash !== prevHash) {
      return result({ seq: event.seq, reason: BREAK_REASONS.prevHashMismatch }, unchained);
    }
    if (expectedSeq !== null && event.seq !== expectedSeq) {
      return result({ seq: event.seq, reason: BREAK_REASONS.seqGap }, unchained);
    }
    prevHash = event.hash as string;
    prevSeq = event.seq;
  }
  if (expected.lastSeq !== undefined && prevSeq !== expected.lastSeq) {
    const seq = prevSeq === null || prevSeq < expected.lastSeq ? (prevSeq ?? 0) + 1 : prevSeq;
    return result({ seq, reason: BREAK_REASONS.seqGap }, unchained);
  }
  if (typeof expected.lastHash === 'string' && unchained < events.length && expected.lastHash !== prevHash) {
    return result({ seq: prevSeq ?? 0, reason: BREAK_REASONS.tailMismatch }, unchained);
  }
  if (typeof expected.lastHash === 'string' && unchained === events.length && events.length > 0) {
    // The claim says its chain has a head, but no event carries a hash: hashes were stripped.
    return result({ seq: events[0]?.seq ?? 0, reason: BREAK_REASONS.missingHash }, unchained);
  }
  return result(null, unchained);
}
