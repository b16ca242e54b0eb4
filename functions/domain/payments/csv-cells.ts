/** CSV for the finance office's spreadsheet: RFC 4180 quoting, CRLF, UTF-8 with a BOM so Excel reads Chinese. */

export const BOM = '\uFEFF';

/**
 * A cell a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`, `@` (or a tab or
 * CR, which some spreadsheets skip before one) gets a leading apostrophe.
 */
export function safeCell(value: string | number): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One RFC 4180 record: a field is quoted when it holds a comma, a quote or a line break. */
export function csvRecord(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

/** A whole file: BOM, then the records, each ended by CRLF. Every cell goes through {@link safeCell}. */
export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return `${BOM}${rows.map((row) => `${csvRecord(row.map(safeCell))}\r\n`).join('')}`;
}
