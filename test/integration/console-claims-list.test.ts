import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import type { Claim } from '../../functions/domain/claim.ts';
import { aClaim, rulesPassed, storeClaim } from '../fixtures/claims.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

interface Row {
  claimId: string;
  memberId: string;
  memberNameMasked: string | null;
  unit: { code: string; name: string } | null;
  program: { id: string; zh: string; en: string };
  benefit: { id: string; zh: string };
  amountFen: number | null;
  status: string;
  submittedAt: string;
}
interface Page {
  claims: Row[];
  nextCursor: string | null;
}

const HD1 = { code: 'BJ-HD-001', path: 'BJ/BJ-HD/BJ-HD-001' };
const HD2 = { code: 'BJ-HD-002', path: 'BJ/BJ-HD/BJ-HD-002' };
const CY1 = { code: 'BJ-CY-001', path: 'BJ/BJ-CY/BJ-CY-001' };
/** The claims of the test, in 2025 (the demo data has none then): March and May, none in April. */
const RANGE = 'from=2025-03-01&to=2025-05-31';

const seeded: {
  id: string;
  unit: typeof HD1;
  at: string;
  status: Claim['status'];
  memberId: string;
  program?: string;
}[] = [
  { id: 'L-HD1-A', unit: HD1, at: '2025-03-02T02:00:00.000Z', status: 'PAID', memberId: 'M000001' },
  {
    id: 'L-HD1-B',
    unit: HD1,
    at: '2025-03-10T02:00:00.000Z',
    status: 'AWAITING_APPROVAL',
    memberId: 'M000001',
  },
  { id: 'L-HD1-C', unit: HD1, at: '2025-05-03T02:00:00.000Z', status: 'REJECTED', memberId: 'M000002' },
  {
    id: 'L-HD1-D',
    unit: HD1,
    at: '2025-05-20T02:00:00.000Z',
    status: 'AWAITING_APPROVAL',
    memberId: 'M000002',
    program: 'legal-aid',
  },
  { id: 'L-HD1-E', unit: HD1, at: '2025-05-28T02:00:00.000Z', status: 'PAID', memberId: 'M000001' },
  { id: 'L-HD2-A', unit: HD2, at: '2025-03-05T02:00:00.000Z', status: 'PAID', memberId: 'M000003' },
  { id: 'L-HD2-B', unit: HD2, at: '2025-05-25T02:00:00.000Z', status: 'SUBMITTED', memberId: 'M000003' },
  { id: 'L-CY1-A', unit: CY1, at: '2025-03-15T02:00:00.000Z', status: 'PAID', memberId: 'M000004' },
  { id: 'L-CY1-B', unit: CY1, at: '2025-05-01T02:00:00.000Z', status: 'SUBMITTED', memberId: 'M000004' },
];
const newestFirst = (ids: string[]) =>
  seeded
    .filter((s) => ids.includes(s.id))
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .map((s) => s.id);
const idsOf = (units: string[]) =>
  newestFirst(seeded.filter((s) => units.includes(s.unit.code)).map((s) => s.id));

describe('GET /claims: the claims list through its indexes (DynamoDB Local)', () => {
  let stack: TestStack;
  let tokens: Record<'hd1' | 'hd' | 'cy1' | 'admin' | 'auditor' | 'member' | 'memberOfNoOne', string>;

  beforeAll(async () => {
    stack = await startTestStack();
    const claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    for (const s of seeded) {
      const claim = aClaim({
        claimId: s.id,
        at: s.at,
        memberId: s.memberId,
        memberName: '黄晓彤',
        unitCode: s.unit.code,
        unitPath: s.unit.path,
        status: s.status,
        ...(s.program === 'legal-aid' ? { program: 'legal-aid', benefit: 'consultation' } : {}),
        rules: rulesPassed(100_000),
      });
      await storeClaim(claims, claim, {
        accountNumber: '6222020200112233445',
        action: 'imported',
        reason: 'test',
      });
    }
    tokens = {
      hd1: await stack.token(['staff'], { unitCode: 'BJ-HD-001' }),
      hd: await stack.token(['staff'], { unitCode: 'BJ-HD' }),
      cy1: await stack.token(['staff'], { unitCode: 'BJ-CY-001' }),
      admin: await stack.token(['admin']),
      auditor: await stack.token(['auditor']),
      member: await stack.token(['member'], { memberId: 'M000001' }),
      memberOfNoOne: await stack.token(['member'], { sub: 'no-member-id' }),
    };
  }, 120_000);
  afterAll(async () => {
    await stack.close();
  });

  async function list(
    token: string,
    query: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${stack.runtime.apiUrl}/claims?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function page(token: string, query: string): Promise<Page> {
    const { status, body } = await list(token, query);
    expect({ status, body: status === 200 ? 'ok' : body }).toEqual({ status: 200, body: 'ok' });
    return body as unknown as Page;
  }
  /** Every page, following the cursors; the ids in order. */
  async function all(token: string, query: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(token, `${query}${cursor === null ? '' : `&cursor=${cursor}`}`);
      ids.push(...p.claims.map((c) => c.claimId));
      cursor = p.nextCursor;
      pages++;
    } while (cursor !== null && pages < 20);
    return { ids, pages };
  }

  it('shows staff of a grassroots unit their unit’s claims, newest first, each row masked and labelled', async () => {
    const p = await page(tokens.hd1, RANGE);

    expect(p.claims.map((c) => c.claimId)).toEqual(idsOf(['BJ-HD-001']));
    expect(p.nextCursor).toBeNull();
    const row = p.claims.find((c) => c.claimId === 'L-HD1-D');
    expect(row).toMatchObject({
      memberId: 'M000002',
      memberNameMasked: '黄**',
      unit: { code: 'BJ-HD-001' },
      program: { id: 'legal-aid', en: 'Legal services' },
      benefit: { id: 'consultation' },
      amountFen: 100_000,
      status: 'AWAITING_APPROVAL',
      submittedAt: '2025-05-20T02:00:00.000Z',
    });
    expect(JSON.stringify(p)).not.toContain('黄晓彤');
  });

  it('filters by status, program and Beijing day', async () => {
    expect(
      (await page(tokens.hd1, `${RANGE}&status=AWAITING_APPROVAL`)).claims.map((c) => c.claimId),
    ).toEqual(['L-HD1-D', 'L-HD1-B']);
    expect((await page(tokens.hd1, `${RANGE}&programId=legal-aid`)).claims.map((c) => c.claimId)).toEqual([
      'L-HD1-D',
    ]);
    // 2025-03-10T02:00Z is 10:00 on 10 March in Beijing; 2025-03-02T02:00Z 10:00 on 2 March.
    expect((await page(tokens.hd1, 'from=2025-03-03&to=2025-03-10')).claims.map((c) => c.claimId)).toEqual([
      'L-HD1-B',
    ]);
    expect((await page(tokens.admin, `${RANGE}&status=PAID`)).claims.map((c) => c.claimId)).toEqual(
      newestFirst(seeded.filter((s) => s.status === 'PAID').map((s) => s.id)),
    );
  });

  it('pages with an opaque cursor: every claim once, in order, the last page without a cursor', async () => {
    const unit = await all(tokens.hd1, `${RANGE}&limit=2`);
    expect(unit.ids).toEqual(idsOf(['BJ-HD-001']));
    expect(unit.pages).toBe(3);
    // Every unit's, across months (April has none): the byMonth index walked back month by month.
    const city = await all(tokens.admin, `${RANGE}&limit=4`);
    expect(city.ids).toEqual(newestFirst(seeded.map((s) => s.id)));
    // A filter with a cursor: the pages of the filtered list.
    const paid = await all(tokens.auditor, `${RANGE}&status=PAID&limit=1`);
    expect(paid.ids).toEqual(newestFirst(seeded.filter((s) => s.status === 'PAID').map((s) => s.id)));
  });

  it('scopes by role: district staff their subtree, admins and auditors every unit, a member their own', async () => {
    expect((await all(tokens.hd, RANGE)).ids).toEqual(idsOf(['BJ-HD-001', 'BJ-HD-002']));
    expect((await all(tokens.hd, `${RANGE}&unitCode=BJ-HD-002`)).ids).toEqual(idsOf(['BJ-HD-002']));
    expect((await all(tokens.admin, RANGE)).ids).toEqual(newestFirst(seeded.map((s) => s.id)));
    expect((await all(tokens.auditor, `${RANGE}&unitCode=BJ-CY-001`)).ids).toEqual(idsOf(['BJ-CY-001']));
    expect((await all(tokens.member, RANGE)).ids).toEqual(
      newestFirst(seeded.filter((s) => s.memberId === 'M000001').map((s) => s.id)),
    );
  });

  it('refuses staff another unit’s claims, and shows them none of them unasked', async () => {
    const refused = await list(tokens.cy1, `${RANGE}&unitCode=BJ-HD-001`);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('unitCode');
    const own = await all(tokens.cy1, RANGE);
    expect(own.ids).toEqual(idsOf(['BJ-CY-001']));
    // Staff of a grassroots unit may not widen their scope to the district above.
    expect((await list(tokens.hd1, `${RANGE}&unitCode=BJ-HD`)).status).toBe(403);
    // A member token that names no member sees nothing and is told so.
    expect((await list(tokens.memberOfNoOne, RANGE)).status).toBe(403);
  });

  it('answers a bad query with a problem naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['status=LOST', 'status'],
      ['from=2025-13-01', 'from'],
      ['from=2025-05-01&to=2025-04-01', 'from'],
      ['cursor=not-a-cursor', 'cursor'],
      ['unitCode=NOPE', 'unitCode'],
    ] as const) {
      const { status, body } = await list(tokens.admin, query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
  });
});
