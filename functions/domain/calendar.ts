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
