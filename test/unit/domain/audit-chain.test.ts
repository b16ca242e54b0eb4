import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BREAK_REASONS,
  CHAINING_CUT_OVER,
  canonicalEvent,
  chainEvent,
  eventHash,
  GENESIS_HASH,
  verifyChain,
} from '../../../functions/domain/audit-chain.ts';
import { beijingDaysThrough } from '../../../functions/domain/calendar.ts';
import type { AuditEvent, ClaimStatus } from '../../../functions/domain/claim.ts';
import { beijingDayBounds, dayHeads, digestOf } from '../../../functions/usecases/audit-digest.ts';

const STEPS: readonly [ClaimStatus | null, ClaimStatus, string][] = [
  [null, 'SUBMITTED', 'submit'],
  ['SUBMITTED', 'MEMBERSHIP_VERIFIED', 'verify-membership'],
  ['MEMBERSHIP_VERIFIED', 'RULES_PASSED', 'check-rules'],
  ['RULES_PASSED', 'AWAITING_APPROVAL', 'request-approval'],
  ['AWAITING_APPROVAL', 'APPROVED', 'approve'],
  ['APPROVED', 'PAID', 'payout'],
];

function rawEvents(claimId = 'C01TEST'): AuditEvent[] {
  return STEPS.map(([from, to, action], i) => ({
    claimId,
    seq: i + 1,
    at: new Date(Date.UTC(2026, 10, 28, 1, i)).toISOString(),
    actor: i === 0 ? { kind: 'member', id: 'M000001' } : { kind: 'system', id: action },
    action,
    from,
    to,
    reason: `理由 ${i + 1}`,
  }));
}

/** Chains events as the store does: each on the hash of the one before. */
function chain(events: readonly AuditEvent[]): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (const event of events) out.push(chainEvent(event, out.at(-1)?.hash ?? null));
  return out;
}

describe('audit chain', () => {
  describe('eventHash', () => {
    it('is stable: the same content in any key order gives the same hash', () => {
      // Prepare
      const [event] = rawEvents();
      if (event === undefined) throw new Error('no event');
      const shuffled = Object.fromEntries(Object.entries(event).reverse()) as unknown as AuditEvent;
      // Act / Assess
      expect(eventHash(shuffled, GENESIS_HASH)).toBe(eventHash(event, GENESIS_HASH));
      expect(eventHash(event, GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/);
      expect(canonicalEvent(event)).toBe(
        '{"action":"submit","actor":{"id":"M000001","kind":"member"},"at":"2026-11-28T01:00:00.000Z",' +
          '"claimId":"C01TEST","from":null,"reason":"理由 1","seq":1,"to":"SUBMITTED"}',
      );
    });

    it('leaves out the hash fields and key attributes', () => {
      const [event] = chain(rawEvents());
      if (event === undefined) throw new Error('no event');
      const item = { ...event, pk: 'CLAIM#C01TEST', sk: 'EVT#000001', type: 'event' } as AuditEvent;
      expect(eventHash(item, GENESIS_HASH)).toBe(event.hash);
      expect(event.prevHash).toBe(GENESIS_HASH);
    });
  });

  describe('verifyChain', () => {
    it('verifies an untouched chain, with the head the claim records', () => {
      const events = chain(rawEvents());
      expect(verifyChain(events, { lastSeq: 6, lastHash: events.at(-1)?.hash })).toEqual({
        valid: true,
        length: 6,
        firstBroken: null,
        unchained: 0,
      });
    });

    it('finds an altered event (hash mismatch) at its seq', () => {
      const events = chain(rawEvents());
      events[2] = { ...(events[2] as AuditEvent), reason: 'changed afterwards' };
      const result = verifyChain(events);
      expect(result.valid).toBe(false);
      expect(result.firstBroken).toEqual({ seq: 3, reason: BREAK_REASONS.hashMismatch });
    });

    it('finds a removed event (prevHash mismatch) at the event after it', () => {
      const events = chain(rawEvents());
      events.splice(2, 1);
      expect(verifyChain(events).firstBroken).toEqual({ seq: 4, reason: BREAK_REASONS.prevHashMismatch });
    });

    it('finds a reordered event (prevHash mismatch) at the first event out of place', () => {
      const events = chain(rawEvents());
      const [third, fourth] = [events[2] as AuditEvent, events[3] as AuditEvent];
      events[2] = fourth;
      events[3] = third;
      expect(verifyChain(events).firstBroken).toEqual({ seq: 4, reason: BREAK_REASONS.prevHashMismatch });
    });

    it('finds a gap in seq even where the hashes link up', () => {
      const raw = rawEvents();
      const gapped = chain(raw.map((e, i) => (i >= 3 ? { ...e, seq: e.seq + 1 } : e)));
      expect(verifyChain(gapped).firstBroken).toEqual({ seq: 5, reason: BREAK_REASONS.seqGap });
    });

    it('finds a removed last event from the head the claim records', () => {
      const events = chain(rawEvents());
      const head = { lastSeq: 6, lastHash: events.at(-1)?.hash };
      events.pop();
      expect(verifyChain(events, head).firstBroken).toEqual({ seq: 6, reason: BREAK_REASONS.seqGap });
    });

    it('reports events from before chaining as unchained, not as a crash', () => {
      const raw = rawEvents();
      const legacy = verifyChain(raw, { lastSeq: 6 });
      expect(legacy).toEqual({ valid: true, length: 6, firstBroken: null, unchained: 6 });
      // A legacy claim changed after chaining began: the chain starts at its first chained event.
      const mixed = [...raw.slice(0, 4), ...chain(raw.slice(4))];
      expect(verifyChain(mixed, { lastSeq: 6, lastHash: mixed.at(-1)?.hash })).toMatchObject({
        valid: true,
        firstBroken: null,
        unchained: 4,
      });
    });

    it('refuses unchained events written at or after the cut-over, even without a recorded head', () => {
      const late = rawEvents().map((e, i) => ({
        ...e,
        at: new Date(Date.parse(CHAINING_CUT_OVER) + (i - 2) * 60_000).toISOString(),
      }));
      expect(verifyChain(late, { lastSeq: 6 })).toEqual({
        valid: false,
        length: 6,
        firstBroken: { seq: 3, reason: BREAK_REASONS.unchainedAfterCutOver },
        unchained: 6,
      });
    });

    it('finds stripped hashes when the claim records a head', () => {
      const events = chain(rawEvents()).map(({ hash: _h, prevHash: _p, ...rest }) => rest);
      expect(verifyChain(events, { lastSeq: 6, lastHash: 'f'.repeat(64) }).firstBroken).toEqual({
        seq: 1,
        reason: BREAK_REASONS.missingHash,
      });
    });

    it('detects any single-field change of any event', () => {
      const fields = ['claimId', 'seq', 'at', 'actor', 'action', 'from', 'to', 'reason'] as const;
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: STEPS.length - 1 }),
          fc.constantFrom(...fields),
          fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          (index, field, value) => {
            const events = chain(rawEvents());
            const original = events[index] as AuditEvent;
            const changed =
              field === 'actor'
                ? { ...original, actor: { ...original.actor, id: `${original.actor.id}${String(value)}x` } }
                : { ...original, [field]: value };
            fc.pre(canonicalEvent(changed) !== canonicalEvent(original));
            events[index] = changed;
            const result = verifyChain(events);
            expect(result.valid).toBe(false);
            expect(result.firstBroken?.seq).toBe(changed.seq);
          },
        ),
      );
    });
  });

  describe('daily digest', () => {
    it('covers the last hash of each claim of the day, independent of order', () => {
      const a = chain(rawEvents('C01A'));
      const b = chain(rawEvents('C01B'));
      const heads = dayHeads([...b, ...a].reverse());
      expect(heads).toHaveLength(2);
      expect(digestOf(heads)).toBe(
        digestOf([
          { claimId: 'C01A', hash: a.at(-1)?.hash ?? '' },
          { claimId: 'C01B', hash: b.at(-1)?.hash ?? '' },
        ]),
      );
      expect(digestOf(dayHeads(a))).not.toBe(digestOf(heads));
    });

    it('takes a Beijing day as UTC+8', () => {
      expect(beijingDayBounds('2026-11-28')).toEqual({
        from: '2026-11-27T16:00:00.000Z',
        to: '2026-11-28T16:00:00.000Z',
      });
      expect(() => beijingDayBounds('2026-02-30')).toThrow(RangeError);
    });

    it('lists the Beijing days from an instant through a last day', () => {
      // 2026-11-27T17:00Z is already the 28th in Beijing.
      expect(beijingDaysThrough(Date.parse('2026-11-27T17:00:00Z'), '2026-11-30')).toEqual([
        '2026-11-28',
        '2026-11-29',
        '2026-11-30',
      ]);
      expect(beijingDaysThrough(Date.parse('2026-11-28T01:00:00Z'), '2026-11-28')).toEqual(['2026-11-28']);
    });
  });
});
