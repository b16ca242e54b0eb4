/** The federation keeps Beijing time (UTC+8, no daylight saving) for dates, deadlines and budget years. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The calendar day in Beijing of an instant, as YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Beijing of an instant. */
export function beijingYear(at: Date): number {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** The Beijing days from that of instant `fromMs` to `lastDay` (YYYY-MM-DD), both included, in order. */
export function beijingDaysThrough(fromMs: number, lastDay: string): string[] {
  const days: string[] = [];
  for (let t = fromMs; ; t += 86_400_000) {
    const day = beijingDate(new Date(t));
    days.push(day);
    if (day >= lastDay) return days;
  }
}

/**
 * The wall-clock time in Beijing of an instant (a Date or an ISO string), as `YYYY-MM-DD HH:mm`. Computed
 * from the fixed offset, so it needs neither the machine's time zone nor ICU data.
 */
export function beijingDateTime(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** An instant as people read it: Beijing time, marked as such in the reader's language. */
export function beijingTimeText(at: Date | string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? `${beijingDateTime(at)}（北京时间）` : `${beijingDateTime(at)} Beijing time`;
}
