import { type ExportPeriod, periodLabel } from './period.ts';
import { COLUMNS, type PublishedRow, SUPPRESSED_MARK, SUPPRESSIBLE } from './rows.ts';

const BLANKED: ReadonlySet<string> = new Set(SUPPRESSIBLE);

/** The UTF-8 byte-order mark: Excel opens the file as UTF-8 (Chinese headings and names) with it. */
export const BOM = '\uFEFF';

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (starting with = + - @, a tab or
 * a carriage return) gets a leading apostrophe, so a unit name cannot become a formula (CSV injection).
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * The CSV, a line at a time: BOM, a header line `中文 / English` per column, then a line per row, each
 * starting with its period (`2026` or `2026-11`) so that files of several periods can be put together.
 * A suppressed row's figures read `<5` (a small group, see suppressSmallGroups).
 */
export function* evaluationCsv(period: ExportPeriod, rows: Iterable<PublishedRow>): Generator<string> {
  const label = periodLabel(period);
  yield BOM + csvLine(['期间 / Period', ...COLUMNS.map((c) => `${c.zh} / ${c.en}`)]);
  for (const row of rows)
    yield csvLine([
      label,
      ...COLUMNS.map((c) => (row.suppressed && BLANKED.has(c.key) ? SUPPRESSED_MARK : row[c.key])),
    ]);
}
