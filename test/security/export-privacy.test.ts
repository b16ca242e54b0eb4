import { describe, expect, it } from 'vitest';
import { evaluationCsv } from '../../functions/domain/evaluation/csv.ts';
import { evaluationJsonl } from '../../functions/domain/evaluation/jsonl.ts';
import { EvaluationReducer } from '../../functions/domain/evaluation/reducer.ts';

type Item = Record<string, unknown>;

const unit = (code: string, tier: string, path: string): Item => ({
  pk: `UNIT#${code}`,
  sk: 'UNIT',
  code,
  name: `${code} 工会`,
  nameEn: code,
  tier,
  path,
});
const member = (memberId: string, unitCode: string): Item => ({
  pk: `MEMBER#${memberId}`,
  sk: 'MEMBER',
  memberId,
  unitCode,
  joinedOn: '2020-01-01',
  leftOn: null,
});
const paidClaim = (n: number, memberId: string, unitCode: string, fen: number): Item => ({
  pk: `CLAIM#C${String(n).padStart(26, '0')}`,
  sk: 'META',
  memberId,
  unitCode,
  program: 'skill-boost',
  status: 'PAID',
  submittedAt: '2026-03-01T02:00:00.000Z',
  approval: { level: 1, decision: 'approve', decidedAt: '2026-03-01T03:00:00.000Z' },
  payout: { amountFen: fen, paidAt: '2026-03-02T02:00:00.000Z' },
});

/**
 * District HD: unit 001 with 2 served members (small), 002 with 6, 003 with 7. District CY: unit 001
 * with 8. Each member has 10 registered colleagues so that coverage is not the only tell.
 */
function dataset(): Item[] {
  const items: Item[] = [
    unit('BJ', 'city', 'BJ'),
    unit('BJ-HD', 'district', 'BJ/BJ-HD'),
    unit('BJ-CY', 'district', 'BJ/BJ-CY'),
  ];
  const served: [string, string, number][] = [
    ['BJ-HD-001', 'BJ/BJ-HD/BJ-HD-001', 2],
    ['BJ-HD-002', 'BJ/BJ-HD/BJ-HD-002', 6],
    ['BJ-HD-003', 'BJ/BJ-HD/BJ-HD-003', 7],
    ['BJ-CY-001', 'BJ/BJ-CY/BJ-CY-001', 8],
  ];
  let n = 0;
  for (const [code, path, count] of served) {
    items.push(unit(code, 'grassroots', path));
    for (let i = 0; i < count + 10; i++) {
      n++;
      const memberId = `M${String(n).padStart(6, '0')}`;
      items.push(member(memberId, code));
      if (i < count) items.push(paidClaim(n, memberId, code, 100_000 + n));
    }
  }
  return items;
}

function reduced(): EvaluationReducer {
  const reducer = new EvaluationReducer({ year: 2026 });
  for (const item of dataset()) reducer.add(item);
  return reducer;
}

interface CellLine {
  record: 'cell';
  level: string;
  unitCode: string;
  districtCode: string;
  program: string;
  suppressed?: boolean;
  membersServed: number | null;
  claimsPaid: number | null;
  amountPaidFen: number | null;
  coverageBp: number | null;
}

function exported() {
  const reducer = reduced();
  const rows = reducer.publishedRows();
  const csv = [...evaluationCsv({ year: 2026 }, rows)].join('');
  const lines = [
    ...evaluationJsonl(
      { year: 2026 },
      rows,
      reducer.servedMembers((id) => `P-${id}`),
    ),
  ].map((l) => JSON.parse(l) as Record<string, unknown>);
  const cells = lines.filter((l) => l.record === 'cell') as unknown as CellLine[];
  const members = lines.filter((l) => l.record === 'member') as { unitCode: string }[];
  return { csv, cells, members };
}

describe('12 the evaluation export suppresses small groups', () => {
  it('12 a unit served to fewer than 5 members shows no counts or amounts and lists no pseudonyms', () => {
    // Act
    const { csv, cells, members } = exported();
    // Assess: the small unit's cells are blank with a marker, in CSV and JSON Lines.
    const ofUnit = cells.filter((c) => c.level === 'unit' && c.unitCode === 'BJ-HD-001');
    const small = ofUnit.filter((c) => c.program === '*' || c.program === 'skill-boost');
    expect(small).toHaveLength(2);
    // Its rows of other programs have no member behind them: published, all zero.
    for (const cell of ofUnit.filter((c) => !small.includes(c)))
      expect(cell).toMatchObject({ suppressed: false, membersServed: 0, claimsPaid: 0, amountPaidFen: 0 });
    for (const cell of small) {
      expect(cell.suppressed).toBe(true);
      expect(cell.membersServed).toBeNull();
      expect(cell.claimsPaid).toBeNull();
      expect(cell.amountPaidFen).toBeNull();
      expect(cell.coverageBp).toBeNull();
    }
    const csvLine = csv.split('\r\n').find((l) => l.includes(',BJ-HD-001,') && l.includes(',*,')) ?? '';
    expect(csvLine).toContain('<5');
    expect(csvLine).not.toContain('200003'); // no amount of the two members' payouts
    expect(members.some((m) => m.unitCode === 'BJ-HD-001')).toBe(false);
    // Big enough groups are published as they are.
    const big = cells.find((c) => c.level === 'unit' && c.unitCode === 'BJ-CY-001' && c.program === '*');
    expect(big).toMatchObject({ suppressed: false, membersServed: 8, claimsPaid: 8 });
    expect(members.filter((m) => m.unitCode === 'BJ-CY-001')).toHaveLength(8);
  });

  it('12 a suppressed unit cannot be recovered by subtracting its published siblings from the district total', () => {
    // Act
    const { cells, members } = exported();
    // Assess: in every district and program with a published total, never exactly one unit with
    // activity is suppressed (HD-001 alone would be HD minus 002 and 003: the next-smallest goes too).
    const totals = cells.filter((c) => c.level === 'district' && c.suppressed !== true);
    expect(totals.length).toBeGreaterThan(0);
    for (const total of totals) {
      const units = cells.filter(
        (c) => c.level === 'unit' && c.districtCode === total.unitCode && c.program === total.program,
      );
      const hidden = units.filter((c) => c.suppressed === true);
      expect(hidden.length, `${total.unitCode} ${total.program}`).not.toBe(1);
    }
    const hd002 = cells.find((c) => c.level === 'unit' && c.unitCode === 'BJ-HD-002' && c.program === '*');
    const hd003 = cells.find((c) => c.level === 'unit' && c.unitCode === 'BJ-HD-003' && c.program === '*');
    expect(hd002?.suppressed).toBe(true);
    expect(hd003).toMatchObject({ suppressed: false, membersServed: 7 });
    expect(members.some((m) => m.unitCode === 'BJ-HD-002')).toBe(false);
    // The district total stays published: the evaluation still sees HD as a whole.
    const hd = cells.find((c) => c.level === 'district' && c.unitCode === 'BJ-HD' && c.program === '*');
    expect(hd).toMatchObject({ suppressed: false, membersServed: 15 });
  });
});
