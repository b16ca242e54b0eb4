export type Cell = string | number | null;

/**
 * A number as a table shows it: thousands separated, at most `digits` decimals, or three significant
 * digits when it is below 1 (a cost of USD 0.0046 stays visible); null as "—".
 */
export function formatCell(value: Cell, digits = 2): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1)
    return value.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * A plain-text table: a title line, the header, a rule, then the rows; text columns left-aligned,
 * number columns right-aligned (a column is numeric when every non-empty cell is a number).
 */
export function formatTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  const numeric = header.map((_, c) =>
    rows.every((row) => row[c] === null || row[c] === undefined || typeof row[c] === 'number'),
  );
  const cells = rows.map((row) => header.map((_, c) => formatCell(row[c] ?? null)));
  const widths = header.map((h, c) => Math.max(width(h), ...cells.map((row) => width(row[c] ?? ''))));
  const line = (values: readonly string[]) =>
    values
      .map((v, c) => {
        const pad = ' '.repeat((widths[c] ?? 0) - width(v));
        return numeric[c] ? pad + v : v + pad;
      })
      .join('  ')
      .trimEnd();
  return [title, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Display width: CJK and other wide characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}
