import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselinePlan, isoWeekOf, weekStartMs } from '../../../../functions/domain/fraud/unit-weeks.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Which of the plan's parts counts a claim submitted at `ms` (its sort key `<iso>#<claimId>`). */
function countedBy(plan: ReturnType<typeof baselinePlan>, ms: number): number {
  const sk = `${new Date(ms).toISOString()}#C01X`;
  const byWeek = plan.weeks.filter((w) => ms >= Date.parse(w.from) && ms < Date.parse(w.to)).length;
  const byRange = plan.counted.filter((r) => sk >= r.fromSk && sk <= r.toSk).length;
  return byWeek + byRange;
}

describe('unit weekly counters', () => {
  it('names ISO weeks (UTC) by the year of their Thursday', () => {
    expect(isoWeekOf(Date.parse('2026-12-07T00:00:00.000Z'))).toBe('2026-W50');
    expect(isoWeekOf(Date.parse('2026-12-06T23:59:59.999Z'))).toBe('2026-W49');
    expect(isoWeekOf(Date.parse('2027-01-01T12:00:00.000Z'))).toBe('2026-W53');
    expect(isoWeekOf(Date.parse('2025-12-29T00:00:00.000Z'))).toBe('2026-W01');
    expect(new Date(weekStartMs(Date.parse('2026-12-05T13:00:00.000Z'))).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
  });

  it('counts every claim strictly inside the window exactly once, and none outside it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 20 * WEEK_MS }),
        fc.integer({ min: -30 * WEEK_MS, max: 30 * WEEK_MS }),
        fc.array(fc.integer({ min: -WEEK_MS, max: 22 * WEEK_MS }), { maxLength: 40 }),
        (from, length, countersOffset, offsets) => {
          const to = from + length;
          const countersFrom = new Date(from + countersOffset).toISOString();
          const plan = baselinePlan(from, to, countersFrom);
          for (const w of plan.weeks)
            expect(Date.parse(w.from)).toBeGreaterThanOrEqual(Date.parse(countersFrom));
          for (const offset of [...offsets, 0, 1, length - 1, length]) {
            const at = from + offset;
            expect(countedBy(plan, at)).toBe(at > from && at < to ? 1 : 0);
          }
        },
      ),
    );
  });

  it('reads the twelve whole weeks of a thirteen-week window by counter once counters cover them', () => {
    const now = Date.parse('2027-06-02T09:30:00.000Z');
    const plan = baselinePlan(now - 13 * WEEK_MS, now - WEEK_MS, '2026-12-07T00:00:00.000Z');
    expect(plan.weeks).toHaveLength(11);
    expect(plan.counted).toHaveLength(2);
    expect(baselinePlan(now - 13 * WEEK_MS, now - WEEK_MS, '2027-07-01T00:00:00.000Z').weeks).toEqual([]);
  });
});
