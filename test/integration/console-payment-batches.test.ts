import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

interface Row {
  batchId: string;
  unit: { code: string; name: string };
  date: string;
  status: string;
  createdAt: string;
  cutBy: string;
  count: number;
  totalFen: number;
  file: string;
}
interface Page {
  batches: Row[];
  nextCursor: string | null;
}

const HD1 = { code: 'BJ-HD-001', path: 'BJ/BJ-HD/BJ-HD-001' };
const HD2 = { code: 'BJ-HD-002', path: 'BJ/BJ-HD/BJ-HD-002' };
const CY1 = { code: 'BJ-CY-001', path: 'BJ/BJ-CY/BJ-CY-001' };
/** Batches of earlier months, as cuts leave them (the list reads what a cut writes; one real cut below). */
const EARLIER = [
  { unit: HD1, at: '2026-09-02T02:00:00.000Z' },
  { unit: HD1, at: '2026-10-02T02:00:00.000Z' },
  { unit: HD2, at: '2026-10-03T02:00:00.000Z' },
  { unit: CY1, at: '2026-10-04T02:00:00.000Z' },
  { unit: HD1, at: '2026-11-02T02:00:00.000Z' },
].map((b, i) => ({ ...b, batchId: `B-${b.unit.code}-${b.at.slice(0, 10).replaceAll('-', '')}-0${i + 1}` }));

describe('GET /payment-batches: the batches list (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let cutId: string;
  let tokens: Record<'hd1' | 'hd' | 'cy1' | 'admin' | 'auditor' | 'member', string>;

  beforeAll(async () => {
    stack = await startTestStack();
    const payments = new DynamoPaymentsStore(documentClient(stack.ddb), stack.runtime.tables.claims);
    for (const b of EARLIER) {
      await payments.createBatch({
        batchId: b.batchId,
        unitCode: b.unit.code,
        unitPath: b.unit.path,
        date: b.at.slice(0, 10),
        status: 'cut',
        createdAt: b.at,
        createdBy: 'finance-earlier',
        count: 2,
        totalFen: 2000_00,
      });
    }
    tokens = {
      hd1: await stack.token(['staff'], { unitCode: HD1.code, sub: 'finance-office' }),
      hd: await stack.token(['staff'], { unitCode: 'BJ-HD' }),
      cy1: await stack.token(['staff'], { unitCode: CY1.code }),
      admin: await stack.token(['admin']),
      auditor: await stack.token(['auditor']),
      member: await stack.token(['member'], { memberId: 'M000001' }),
    };
    // A claim paid today through the workflow, and the day's batch cut over the API.
    const [member] = claimants((m) => m.unitCode === HD1.code);
    if (member === undefined) throw new Error('no claimant in the demo unit');
    await stack.registry.putAll({
      budgets: [
        {
          unitCode: HD1.code,
          programId: 'skill-boost',
          year: budgetYear(new Date()),
          allocatedFen: 5000_00,
          paidFen: 0,
        },
      ],
    });
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: member.memberId }));
    const submitted = await api.submit(
      validSubmission({
        memberId: member.memberId,
        evidence: [{ kind: 'certificate', number: 'BATCH-LIST-1' }],
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
    const cut = await fetch(`${stack.runtime.apiUrl}/payment-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.hd1}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unitCode: HD1.code, date: beijingDate(new Date()) }),
    });
    expect(cut.status).toBe(201);
    cutId = String(((await cut.json()) as { batchId: string }).batchId);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  async function list(token: string, query = ''): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${stack.runtime.apiUrl}/payment-batches${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function all(token: string, query: string): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const { status, body } = await list(token, `?${query}${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect({ status, body: status === 200 ? 'ok' : body }).toEqual({ status: 200, body: 'ok' });
      const page = body as unknown as Page;
      rows.push(...page.batches);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    return rows;
  }
  const ids = (rows: Row[]) => rows.map((r) => r.batchId);
  const earlier = (codes: string[]) =>
    EARLIER.filter((b) => codes.includes(b.unit.code))
      .sort((a, b) => (a.at < b.at ? 1 : -1))
      .map((b) => b.batchId);

  it('lists the batch a cut made, with its count, total and who cut it, newest first', async () => {
    const rows = await all(tokens.hd1, 'limit=50');

    expect(ids(rows)).toEqual([cutId, ...earlier([HD1.code])]);
    expect(rows[0]).toMatchObject({
      batchId: cutId,
      unit: { code: HD1.code },
      date: beijingDate(new Date()),
      status: 'cut',
      cutBy: 'finance-office',
      count: 1,
      totalFen: 1000_00,
      file: `/payment-batches/${cutId}`,
    });
  });

  it('pages with a cursor, across months, every batch once', async () => {
    expect(ids(await all(tokens.admin, 'limit=2'))).toEqual([
      cutId,
      ...earlier([HD1.code, HD2.code, CY1.code]),
    ]);
    expect(ids(await all(tokens.hd1, 'limit=1'))).toEqual([cutId, ...earlier([HD1.code])]);
  });

  it('ends: following a district’s cursors reaches a last page (its floor is five years before today, not before each page)', async () => {
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await list(tokens.hd, `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(status).toBe(200);
      cursor = (body as unknown as Page).nextCursor;
      pages++;
    } while (cursor !== null && pages < 40);

    expect(cursor).toBeNull();
  });

  it('scopes by role: district staff their subtree, staff elsewhere theirs only, admins all', async () => {
    expect(ids(await all(tokens.hd, 'limit=50'))).toEqual([cutId, ...earlier([HD1.code, HD2.code])]);
    expect(ids(await all(tokens.hd, `unitCode=${HD2.code}`))).toEqual(earlier([HD2.code]));
    expect(ids(await all(tokens.cy1, 'limit=50'))).toEqual(earlier([CY1.code]));
    const refused = await list(tokens.cy1, `?unitCode=${HD1.code}`);
    expect(refused.status).toBe(403);
    expect((await list(tokens.auditor)).status).toBe(403);
    expect((await list(tokens.member)).status).toBe(403);
  });

  it('answers a bad query with a problem naming the field', async () => {
    for (const [query, field] of [
      ['?limit=101', 'limit'],
      ['?cursor=xyz', 'cursor'],
      ['?unitCode=NOPE', 'unitCode'],
    ] as const) {
      const { status, body } = await list(tokens.admin, query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
  });
});
