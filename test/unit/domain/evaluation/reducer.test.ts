import { describe, expect, it } from 'vitest';
import { percentile } from '../../../../functions/domain/evaluation/cell.ts';
import { EvaluationReducer } from '../../../../functions/domain/evaluation/reducer.ts';
import type { EvaluationRow } from '../../../../functions/domain/evaluation/rows.ts';
import { coverageTargetBp, ratioBp } from '../../../../functions/domain/evaluation/targets.ts';
import { scheduledPeriod } from '../../../../functions/usecases/evaluation-export.ts';
import { CLAIMS, REGISTRY } from '../../../fixtures/evaluation.ts';

function reduce(items: Record<string, unknown>[]): EvaluationRow[] {
  const reducer = new EvaluationReducer({ year: 2026 });
  for (const item of items) reducer.add(item);
  return reducer.rows();
}

function row(rows: EvaluationRow[], level: EvaluationRow['level'], unitCode: string, program: string) {
  const found = rows.find((r) => r.level === level && r.unitCode === unitCode && r.program === program);
  if (found === undefined) throw new Error(`no row ${level} ${unitCode} ${program}`);
  return found;
}

describe('EvaluationReducer', () => {
  const rows = reduce([...REGISTRY, ...CLAIMS]);

  it('counts registered members of the period per unit: joined by its end, not left before its start', () => {
    // BJ-HD-001: M1, M2 (M3 joins in 2027); BJ-HD-002: M5 (M4 left in 2025); BJ-CY-001: M6.
    expect(row(rows, 'unit', 'BJ-HD-001', '*').registeredMembers).toBe(2);
    expect(row(rows, 'unit', 'BJ-HD-002', '*').registeredMembers).toBe(1);
    expect(row(rows, 'unit', 'BJ-CY-001', '*').registeredMembers).toBe(1);
    expect(row(rows, 'district', 'BJ-HD', '*').registeredMembers).toBe(3);
    expect(row(rows, 'city', 'BJ', '*').registeredMembers).toBe(4);
  });

  it('counts distinct members served by a payout or a visit in the period, and coverage against the target', () => {
    // Served in 2026: M1 (skill-boost, C1 and C2 paid), M2 (culture-sports, 2 visits), M6 (C6 paid on
    // 2026-01-05, and a health-promotion visit). M5 was not served (C5 failed, C4 open, V4 in 2025).
    const hd1 = row(rows, 'unit', 'BJ-HD-001', '*');
    expect(hd1).toMatchObject({ membersServed: 2, coverageBp: 10_000, coverageTargetBp: 8000 });
    expect(hd1.meetsCoverageTarget).toBe(true);
    expect(row(rows, 'unit', 'BJ-HD-001', 'skill-boost').membersServed).toBe(1);
    expect(row(rows, 'unit', 'BJ-HD-001', 'culture-sports').membersServed).toBe(1);
    expect(row(rows, 'unit', 'BJ-HD-002', '*')).toMatchObject({ membersServed: 0, coverageBp: 0 });
    expect(row(rows, 'unit', 'BJ-HD-002', '*').meetsCoverageTarget).toBe(false);
    // M6 counts once in all programs though served by two.
    expect(row(rows, 'unit', 'BJ-CY-001', '*')).toMatchObject({ membersServed: 1, coverageBp: 10_000 });
    // BJ-HD: 2 of 3 = 66.67% → 6667 bp; the city: 3 of 4 = 7500 bp, short of the 8000 bp target.
    expect(row(rows, 'district', 'BJ-HD', '*').coverageBp).toBe(6667);
    const city = row(rows, 'city', 'BJ', '*');
    expect(city).toMatchObject({ membersServed: 3, coverageBp: 7500, meetsCoverageTarget: false });
  });

  it('counts visits (人次) of the period at the serving unit', () => {
    expect(row(rows, 'unit', 'BJ-HD-001', 'culture-sports').servedVisits).toBe(2);
    expect(row(rows, 'unit', 'BJ-CY-001', 'health-promotion').servedVisits).toBe(1);
    expect(row(rows, 'unit', 'BJ-HD-002', 'culture-sports').servedVisits).toBe(0);
    expect(row(rows, 'city', 'BJ', '*').servedVisits).toBe(3);
  });

  it('counts claims submitted in the period (Beijing days) by final status', () => {
    // C1, C2 paid, C3 rejected at BJ-HD-001; C5 (01:00 on 1 January in Beijing) failed, C4 open at
    // BJ-HD-002; C6 was submitted on 31 December 2025 in Beijing: not a 2026 claim.
    expect(row(rows, 'unit', 'BJ-HD-001', 'skill-boost')).toMatchObject({
      claimsSubmitted: 3,
      claimsPaid: 2,
      claimsRejected: 1,
      claimsFailed: 0,
      claimsOpen: 0,
    });
    expect(row(rows, 'unit', 'BJ-HD-002', 'skill-boost')).toMatchObject({
      claimsSubmitted: 1,
      claimsFailed: 1,
    });
    expect(row(rows, 'unit', 'BJ-HD-002', 'legal-aid')).toMatchObject({ claimsSubmitted: 1, claimsOpen: 1 });
    expect(row(rows, 'unit', 'BJ-CY-001', 'skill-boost').claimsSubmitted).toBe(0);
    expect(row(rows, 'city', 'BJ', '*')).toMatchObject({
      claimsSubmitted: 5,
      claimsPaid: 2,
      claimsRejected: 1,
      claimsFailed: 1,
      claimsOpen: 1,
    });
  });

  it('sums payouts made in the period and the share of the budget used against the 70% floor', () => {
    // BJ-HD-001: 200,000 + 300,000 fen; budget 800,000 of 1,000,000 paid = 8000 bp ≥ 7000.
    expect(row(rows, 'unit', 'BJ-HD-001', 'skill-boost')).toMatchObject({
      payments: 2,
      amountPaidFen: 500_000,
      budgetAllocatedFen: 1_000_000,
      budgetPaidFen: 800_000,
      budgetUsedBp: 8000,
      meetsServiceSpendFloor: true,
    });
    // C6 paid on 2026-01-05 counts in 2026 at BJ-CY-001, which has no budget row: no share.
    expect(row(rows, 'unit', 'BJ-CY-001', 'skill-boost')).toMatchObject({
      payments: 1,
      amountPaidFen: 100_000,
      budgetUsedBp: null,
      meetsServiceSpendFloor: null,
    });
    // City skill-boost: 600,000 fen paid in 3 payouts; budgets 900,000 of 1,500,000 = 6000 bp < 7000.
    expect(row(rows, 'city', 'BJ', 'skill-boost')).toMatchObject({
      payments: 3,
      amountPaidFen: 600_000,
      budgetAllocatedFen: 1_500_000,
      budgetPaidFen: 900_000,
      budgetUsedBp: 6000,
      meetsServiceSpendFloor: false,
    });
  });

  it('gives the approval turnaround median and 90th percentile in minutes (nearest rank)', () => {
    // BJ-HD-001 decisions in 2026 after 30, 90 and 10 minutes: sorted 10, 30, 90 → p50 = 30, p90 = 90.
    // C6 was decided in 2025: not counted.
    expect(row(rows, 'unit', 'BJ-HD-001', 'skill-boost')).toMatchObject({
      approvals: 3,
      turnaroundMedianMinutes: 30,
      turnaroundP90Minutes: 90,
    });
    expect(row(rows, 'unit', 'BJ-CY-001', 'skill-boost')).toMatchObject({
      approvals: 0,
      turnaroundMedianMinutes: null,
    });
  });

  it('counts satisfaction ratings answered in the period at the member’s unit: count, mean, distribution', () => {
    // M1 rated skill-boost 5 and 4 → 2 ratings, mean 4.5; M2 rated culture-sports 3; M5's 2 is from 2025.
    expect(row(rows, 'unit', 'BJ-HD-001', 'skill-boost')).toMatchObject({
      satisfactionCount: 2,
      satisfactionMean: 4.5,
      satisfaction4: 1,
      satisfaction5: 1,
    });
    expect(row(rows, 'city', 'BJ', '*')).toMatchObject({
      satisfactionCount: 3,
      satisfactionMean: 4,
      satisfaction3: 1,
      satisfaction4: 1,
      satisfaction5: 1,
      satisfaction2: 0,
    });
  });

  it('counts fraud flags raised in the period and those confirmed, at their claim’s cell', () => {
    // C1 velocity (confirmed), C3 amount (open; fed before its claim); C2's flag was raised in 2025.
    expect(row(rows, 'unit', 'BJ-HD-001', 'skill-boost')).toMatchObject({
      fraudFlagsRaised: 2,
      fraudFlagsConfirmed: 1,
    });
    expect(row(rows, 'city', 'BJ', '*')).toMatchObject({ fraudFlagsRaised: 2, fraudFlagsConfirmed: 1 });
  });

  it('is the same whatever the order of the claims table and however it is split into merged segments', () => {
    const reversed = reduce([...REGISTRY, ...[...CLAIMS].reverse()]);
    expect(reversed).toEqual(rows);
    // Segments: the registry segment, then two claim segments that know the members' units only.
    // (A partition's items stay together, so a flag always meets its claim within one segment.)
    const whole = new EvaluationReducer({ year: 2026 });
    for (const item of REGISTRY) whole.add(item);
    const unitsAndMembers = REGISTRY.filter((i) => !String(i.pk).startsWith('BUDGET#'));
    const [a, b] = [new EvaluationReducer({ year: 2026 }), new EvaluationReducer({ year: 2026 })];
    for (const item of unitsAndMembers) {
      a.add(item);
      b.add(item);
    }
    // As DynamoDB splits a table: by partition key, a partition's items all in one segment.
    const segmentOf = (pk: string) => [...pk].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 2;
    for (const item of CLAIMS) (segmentOf(String(item.pk)) === 0 ? a : b).add(item);
    whole.merge(a);
    whole.merge(b);
    expect(whole.rows()).toEqual(rows);
  });

  it('reports a month alone: only what happened in it', () => {
    const march = new EvaluationReducer({ year: 2026, month: 3 });
    for (const item of [...REGISTRY, ...CLAIMS]) march.add(item);
    const city = row(march.rows(), 'city', 'BJ', '*');
    // March: C1 submitted, decided and paid, its flag; M1's rating of 5; M1 is the only member served.
    expect(city).toMatchObject({
      claimsSubmitted: 1,
      payments: 1,
      amountPaidFen: 200_000,
      membersServed: 1,
      satisfactionCount: 1,
      fraudFlagsRaised: 1,
    });
  });
});

describe('coverage targets', () => {
  it('rises linearly from 20% in 2015 to 80% by 2019 and stays at 80%; single years can be set', () => {
    expect([2014, 2015, 2016, 2017, 2018, 2019, 2026].map((y) => coverageTargetBp(y))).toEqual([
      2000, 2000, 3500, 5000, 6500, 8000, 8000,
    ]);
    const own = { startYear: 2020, startBp: 3000, fullYear: 2022, fullBp: 9000, overrides: { 2026: 8500 } };
    expect([2020, 2021, 2022, 2026].map((y) => coverageTargetBp(y, own))).toEqual([3000, 6000, 9000, 8500]);
  });

  it('rounds ratios half up in basis points and has none without a denominator', () => {
    expect(ratioBp(1, 3)).toBe(3333);
    expect(ratioBp(2, 3)).toBe(6667);
    expect(ratioBp(5, 0)).toBeNull();
  });
});

describe('percentile', () => {
  it('is the nearest rank of a sparse histogram', () => {
    const h = new Map([
      [5, 5],
      [60, 4],
      [600, 1],
    ]);
    // 10 values: rank 5 (p50) is 5; rank 9 (p90) is 60; rank 10 (p100) is 600.
    expect([percentile(h, 0.5), percentile(h, 0.9), percentile(h, 1)]).toEqual([5, 60, 600]);
    expect(percentile(new Map(), 0.5)).toBeNull();
  });
});

describe('scheduled periods', () => {
  it('exports the year before in January, and the running year up to the month just ended', () => {
    // 2027-01-15 03:00 Beijing; 2027-01-01 04:00 Beijing (still 2026 yesterday); 2026-11-01 04:00 Beijing.
    expect(scheduledPeriod('previous-year', new Date('2027-01-14T19:00:00Z'))).toEqual({ year: 2026 });
    expect(scheduledPeriod('running-year', new Date('2026-12-31T20:00:00Z'))).toEqual({ year: 2026 });
    expect(scheduledPeriod('running-year', new Date('2026-10-31T20:00:00Z'))).toEqual({ year: 2026 });
  });
});
