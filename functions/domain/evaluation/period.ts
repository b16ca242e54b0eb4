/** What an export covers: a Beijing calendar year, or one month of it. */
export interface ExportPeriod {
  readonly year: number;
  /** 1–12; absent for the whole year. */
  readonly month?: number;
}

/** `2026` or `2026-11`: names the period in file names and reports. */
export function periodLabel(period: ExportPeriod): string {
  return period.month === undefined ? String(period.year) : `${period.year}-${pad2(period.month)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The first and last Beijing day of the period, as YYYY-MM-DD. */
export function periodDays(period: ExportPeriod): { readonly from: string; readonly to: string } {
  if (period.month === undefined) return { from: `${period.year}-01-01`, to: `${period.year}-12-31` };
  const last = new Date(Date.UTC(period.year, period.month, 0)).getUTCDate();
  return {
    from: `${period.year}-${pad2(period.month)}-01`,
    to: `${period.year}-${pad2(period.month)}-${pad2(last)}`,
  };
}

/** Is the Beijing day (YYYY-MM-DD, or the start of one) inside the period? */
export function dayInPeriod(day: string, period: ExportPeriod): boolean {
  const d = day.slice(0, 10);
  const { from, to } = periodDays(period);
  return d >= from && d <= to;
}

export function isValidPeriod(period: ExportPeriod): boolean {
  return (
    Number.isInteger(period.year) &&
    period.year >= 2000 &&
    period.year <= 2100 &&
    (period.month === undefined ||
      (Number.isInteger(period.month) && period.month >= 1 && period.month <= 12))
  );
}
