/**
 * The weekly counters of a unit's submitted claims (`FRAUD#UNITWEEK#<unit>` / `WEEK#<isoWeek>`, one ADD in
 * the transaction that stores each new claim), and how the unit-velocity baseline is read from them.
 *
 * Weeks are ISO weeks in UTC (Monday 00:00Z to the next), so a claim's week follows from its `submittedAt`
 * alone. The baseline window, (baselineFrom, recentFrom), is rolling: the whole weeks inside it are read
 * from their counters, and the parts at either end (less than a week each) are counted from the scan's
 * unit index as before, so the baseline is the same number the COUNT over the whole window gave. Weeks that
 * started before the counters did (UNIT_WEEK_COUNTERS_FROM), or whose counter is missing, are counted the
 * old way too.
 */

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The first week whose counter counts every claim submitted in it (a Monday 00:00Z after the release that
 * writes them): weeks before it were counted only in part, and the scan counts them from its index.
 */
export const UNIT_WEEK_COUNTERS_FROM = '2026-12-07T00:00:00.000Z';

/** Monday 00:00Z of the UTC week an instant falls in. */
export function weekStartMs(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday.
  const fromMonday = (((day + 3) % 7) + 7) % 7;
  return (day - fromMonday) * DAY_MS;
}

/** The ISO week of an instant (UTC), `YYYY-Www`: the year is that of the week's Thursday. */
export function isoWeekOf(ms: number): string {
  const thursday = new Date(weekStartMs(ms) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface BaselinePlan {
  /** Whole weeks read from their counters (a week whose counter is missing is counted from the index). */
  readonly weeks: readonly { readonly week: string; readonly from: string; readonly to: string }[];
  /** Sort-key ranges of the unit index (`<submittedAt>#<claimId>`, inclusive) counted as before. */
  readonly counted: readonly { readonly fromSk: string; readonly toSk: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * How to count a unit's claims submitted strictly between two instants: the whole weeks inside, from
 * `countersFrom` on, by counter; the rest by sort-key range of the unit index.
 */
export function baselinePlan(fromMs: number, toMs: number, countersFrom: string): BaselinePlan {
  const whole: number[] = [];
  // A week starting exactly at `fromMs` would count a claim at that instant, which the window leaves out.
  let start = weekStartMs(fromMs) + WEEK_MS;
  const first = Math.max(start, weekStartMs(Date.parse(countersFrom) + WEEK_MS - 1));
  for (start = first; start + WEEK_MS <= toMs; start += WEEK_MS) whole.push(start);
  if (whole.length === 0) return { weeks: [], counted: [{ fromSk: `${iso(fromMs)}~`, toSk: iso(toMs) }] };
  const head = whole[0] as number;
  const tail = (whole[whole.length - 1] as number) + WEEK_MS;
  return {
    weeks: whole.map((s) => ({ week: isoWeekOf(s), from: iso(s), to: iso(s + WEEK_MS) })),
    counted: [
      { fromSk: `${iso(fromMs)}~`, toSk: iso(head) },
      ...(tail < toMs ? [{ fromSk: iso(tail), toSk: iso(toMs) }] : []),
    ],
  };
}
