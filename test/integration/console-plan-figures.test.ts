import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingYear } from '../../functions/domain/calendar.ts';
import { ratioBp } from '../../functions/domain/evaluation/targets.ts';
import { handler as operationsGauge } from '../../functions/handlers/operations-gauge.ts';
import type { PlanFigures } from '../../functions/usecases/plan-figures.ts';
import { SCHEDULES } from '../../infra/schedules.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { invoke } from '../support/lambda.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

const HD1 = 'BJ-HD-001';

describe('GET /plan-figures: the home page’s figures from the hourly snapshot (DynamoDB Local)', () => {
  let stack: TestStack;
  const year = beijingYear(new Date());
  let tokens: Record<'hd1' | 'hd' | 'cy1' | 'admin' | 'auditor' | 'member', string>;

  beforeAll(async () => {
    stack = await startTestStack();
    tokens = {
      hd1: await stack.token(['staff'], { unitCode: HD1 }),
      hd: await stack.token(['staff'], { unitCode: 'BJ-HD' }),
      cy1: await stack.token(['staff'], { unitCode: 'BJ-CY-001' }),
      admin: await stack.token(['admin']),
      auditor: await stack.token(['auditor']),
      member: await stack.token(['member'], { memberId: 'M000001' }),
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  async function figures(
    token: string,
    query = '',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${stack.runtime.apiUrl}/plan-figures${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function ok(token: string, query = ''): Promise<PlanFigures> {
    const { status, body } = await figures(token, query);
    expect({ status, body: status === 200 ? 'ok' : body }).toEqual({ status: 200, body: 'ok' });
    return body as unknown as PlanFigures;
  }
  const runGaugeJob = () =>
    invoke<Record<string, unknown>>(
      operationsGauge as never,
      SCHEDULES.find((s) => s.id === 'operations-gauge')?.input,
    );

  it('1 shows the plan’s targets and no values before the hourly job has run', async () => {
    const before = await ok(tokens.hd1);

    expect(before).toMatchObject({
      year,
      scope: { level: 'unit', unitCode: HD1 },
      computedAt: null,
      coverage: { valueBp: null, targetBp: 8000, meetsTarget: null },
      serviceSpend: { valueBp: null, floorBp: 7000 },
      claims: null,
    });
    expect(before.coverage.path[0]).toEqual({ year: 2015, targetBp: 2000 });
    expect(before.coverage.path.find((p) => p.year === 2017)).toEqual({ year: 2017, targetBp: 5000 });
    expect(before.coverage.path.at(-1)).toEqual({ year, targetBp: 8000 });
  });

  it('2 shows the job’s figures of the caller’s scope: the unit, the district, the city', async () => {
    // Prepare: a budget of the unit, and one claim paid through the workflow.
    const [member] = claimants((m) => m.unitCode === HD1);
    if (member === undefined) throw new Error('no claimant in the unit');
    await stack.registry.putAll({
      budgets: [{ unitCode: HD1, programId: 'skill-boost', year, allocatedFen: 4000_00, paidFen: 0 }],
    });
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: member.memberId }));
    const submitted = await api.submit(
      validSubmission({
        memberId: member.memberId,
        evidence: [{ kind: 'certificate', number: 'FIGURES-1' }],
        payee: {
          name: member.name,
          bankName: '中国工商银行北京海淀支行',
          accountNumber: '6222020200112233440',
        },
      }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);

    // Act: the hourly job, as the scheduler runs it.
    const job = await runGaugeJob();
    const unit = await ok(tokens.hd1);
    const district = await ok(tokens.hd);
    const city = await ok(tokens.admin);

    // Assess
    expect(Number(job.planFiguresRows)).toBeGreaterThan(0);
    expect(unit.computedAt).not.toBeNull();
    expect(unit.scope).toMatchObject({ level: 'unit', unitCode: HD1 });
    expect(unit.coverage.membersServed).toBe(1);
    expect(unit.coverage.registeredMembers).toBeGreaterThan(1);
    expect(unit.coverage.valueBp).toBe(ratioBp(1, unit.coverage.registeredMembers ?? 0));
    expect(unit.coverage.meetsTarget).toBe(false);
    // The demo data's budgets of the unit's other programs, and this one's: the payout counts against them all.
    const allocated = unit.serviceSpend.allocatedFen ?? 0;
    expect(allocated).toBeGreaterThanOrEqual(4000_00);
    expect(unit.serviceSpend).toEqual({
      allocatedFen: allocated,
      paidFen: 1000_00,
      valueBp: ratioBp(1000_00, allocated),
      floorBp: 7000,
      meetsFloor: false,
    });
    expect(unit.claims).toEqual({ submitted: 1, open: 0, paid: 1, rejected: 0, failed: 0 });
    expect(unit.satisfaction).toMatchObject({ count: 0, mean: null, ratings: [0, 0, 0, 0, 0] });
    expect(district.scope).toMatchObject({ level: 'district', unitCode: 'BJ-HD' });
    expect(district.coverage.membersServed).toBe(1);
    expect(district.coverage.registeredMembers).toBeGreaterThan(unit.coverage.registeredMembers ?? 0);
    expect(city.scope.level).toBe('city');
    expect(city.claims).toEqual(unit.claims);
    expect(city.coverage.registeredMembers).toBeGreaterThan(district.coverage.registeredMembers ?? 0);
    expect(await ok(tokens.auditor)).toEqual(city);
    expect(await ok(tokens.admin, `?unitCode=${HD1}`)).toEqual(unit);
    expect(await ok(tokens.hd, `?unitCode=${HD1}&year=${year}`)).toEqual(unit);
  });

  it('3 refuses a unit outside the caller’s, members, and a bad year, naming the field', async () => {
    const outside = await figures(tokens.cy1, `?unitCode=${HD1}`);
    expect(outside.status).toBe(403);
    expect(JSON.stringify(outside.body)).toContain('unitCode');
    expect((await figures(tokens.hd1, '?unitCode=BJ-HD')).status).toBe(403);
    expect((await figures(tokens.member)).status).toBe(403);
    for (const [query, field] of [
      ['?year=1999', 'year'],
      ['?year=abc', 'year'],
      ['?unitCode=NOPE', 'unitCode'],
    ] as const) {
      const { status, body } = await figures(tokens.admin, query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
  });
});
