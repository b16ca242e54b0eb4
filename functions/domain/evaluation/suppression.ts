import {
  type EvaluationRow,
  type PublishedRow,
  SMALL_GROUP,
  SUPPRESSIBLE,
  type SuppressibleKey,
} from './rows.ts';

/** `level␀code␀program`: a row's key. */
export function rowKey(row: Pick<EvaluationRow, 'level' | 'unitCode' | 'program'>): string {
  return `${row.level}\u0000${row.unitCode}\u0000${row.program}`;
}

/** A published total and the rows it adds up (the total minus the published parts gives the rest). */
interface Sum {
  readonly total: string;
  readonly parts: readonly string[];
}

/** Every sum the export's rows form: units × programs of a district, districts of the city, programs of a row. */
function sumsOf(rows: readonly EvaluationRow[]): Sum[] {
  const parts = new Map<string, string[]>();
  const add = (total: string, part: string) => {
    const list = parts.get(total) ?? [];
    list.push(part);
    parts.set(total, list);
  };
  const city = rows.find((r) => r.level === 'city');
  for (const row of rows) {
    const key = rowKey(row);
    if (row.program !== '*') add(rowKey({ ...row, program: '*' }), key);
    if (row.level === 'unit')
      add(rowKey({ level: 'district', unitCode: row.districtCode, program: row.program }), key);
    if (row.level === 'district' && city !== undefined)
      add(rowKey({ level: 'city', unitCode: city.unitCode, program: row.program }), key);
  }
  return [...parts.entries()].map(([total, list]) => ({ total, parts: list }));
}

/**
 * Small-group suppression. `size` tells how many distinct members a row's figures come from (counted
 * up to SMALL_GROUP). A row from 1 to 4 members is suppressed (primary). Then, so that no suppressed
 * figure can be recovered by subtraction, every sum with a published total (a district and its units,
 * the city and its districts, a row and its programs) that would hide exactly one part with members
 * also hides the smallest published part with members (complementary); when none is left the total
 * goes instead. Repeated until nothing changes. Rows without any member (all zero) are published.
 */
export function suppressSmallGroups(
  rows: readonly EvaluationRow[],
  size: (row: EvaluationRow) => number,
): PublishedRow[] {
  const byKey = new Map(rows.map((r) => [rowKey(r), r]));
  const sizeOf = new Map(rows.map((r) => [rowKey(r), size(r)]));
  const hidden = new Set<string>();
  for (const [key, n] of sizeOf) if (n > 0 && n < SMALL_GROUP) hidden.add(key);
  const sums = sumsOf(rows).filter((s) => byKey.has(s.total));
  const weight = (key: string) => {
    const row = byKey.get(key);
    return (
      (sizeOf.get(key) ?? 0) * 1e12 + (row === undefined ? 0 : row.membersServed * 1e6 + row.claimsSubmitted)
    );
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, parts } of sums) {
      if (hidden.has(total)) continue;
      const withMembers = parts.filter((p) => (sizeOf.get(p) ?? 0) > 0);
      if (withMembers.filter((p) => hidden.has(p)).length !== 1) continue;
      const next = withMembers
        .filter((p) => !hidden.has(p))
        .sort((a, b) => weight(a) - weight(b) || a.localeCompare(b))[0];
      hidden.add(next ?? total);
      changed = true;
    }
  }
  return rows.map((row) => publish(row, hidden.has(rowKey(row))));
}

function publish(row: EvaluationRow, suppressed: boolean): PublishedRow {
  if (!suppressed) return { ...row, suppressed: false };
  const blank = Object.fromEntries(SUPPRESSIBLE.map((key) => [key, null])) as {
    [K in SuppressibleKey]: null;
  };
  return { ...row, ...blank, suppressed: true };
}
