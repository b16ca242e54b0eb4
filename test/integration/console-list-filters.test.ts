import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoTicketsStore } from '../../functions/adapters/dynamodb/tickets-store.ts';
import type { StoredFlag } from '../../functions/ports/fraud-store.ts';
import type { CorrectionTicket } from '../../functions/ports/tickets-store.ts';
import { storeApprovedClaim } from '../fixtures/claims.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const UNITS = [
  { code: 'BJ-HD-001', path: 'BJ/BJ-HD/BJ-HD-001' },
  { code: 'BJ-HD-002', path: 'BJ/BJ-HD/BJ-HD-002' },
  { code: 'BJ-CY-001', path: 'BJ/BJ-CY/BJ-CY-001' },
] as const;
const claimIdOf = (i: number) => `C01FILTERS0000000000000000${i}`;
const AT = '2026-11-02T02:00:00.000Z';

describe('the console’s list filters: GET /tickets and GET /fraud/flags by unit (DynamoDB Local)', () => {
  let stack: TestStack;
  let tokens: Record<'hd' | 'cy1' | 'admin' | 'auditor', string>;

  beforeAll(async () => {
    stack = await startTestStack();
    const doc = documentClient(stack.ddb);
    const { tables } = stack.runtime;
    const claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    const tickets = new DynamoTicketsStore(doc, tables.claims);
    // One open ticket and one open flag on a claim of each unit.
    for (const [i, unit] of UNITS.entries()) {
      const claimId = await storeApprovedClaim(claims, {
        claimId: claimIdOf(i),
        member: { memberId: 'M000001' },
        unit,
        at: AT,
        amountFen: 1000_00,
        payee: {
          name: '黄晓彤',
          bankName: '工行',
          accountNumber: '6222020200112233445',
          accountMasked: '****3445',
        },
      });
      const ticket: CorrectionTicket = {
        ticketId: `${claimId}-1`,
        claimId,
        round: 1,
        memberId: 'M000001',
        unitCode: unit.code,
        unitPath: unit.path,
        kinds: ['name-mismatch'],
        detail: { zh: '姓名不符', en: 'name mismatch' },
        status: 'open',
        createdAt: AT,
        dueAt: '2026-11-09T02:00:00.000Z',
        resolution: null,
        taskToken: `token-${i}`,
        notified: true,
      };
      await tickets.open(ticket);
      const flag: StoredFlag = {
        claimId,
        key: `shared-account#filters-${i}`,
        rule: 'shared-account',
        score: 80,
        state: 'OPEN',
        raisedAt: AT,
        what: { zh: '测试', en: 'test' },
        claimIds: [],
        memberIds: [],
        unitPath: unit.path,
        claimStatus: 'APPROVED',
        review: false,
        holds: false,
      };
      const stored = await claims.get(claimId);
      if (stored === null) throw new Error(`claim ${claimId} was not stored`);
      await claims.change(
        stored,
        {
          to: 'APPROVED',
          actor: { kind: 'system', id: 'fraud-scan' },
          action: 'fraud-flag-raised',
          reason: 'test',
          at: AT,
        },
        [{ kind: 'raiseFlag', flag }],
      );
    }
    tokens = {
      hd: await stack.token(['staff'], { unitCode: 'BJ-HD' }),
      cy1: await stack.token(['staff'], { unitCode: 'BJ-CY-001' }),
      admin: await stack.token(['admin']),
      auditor: await stack.token(['auditor']),
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  async function get(
    path: string,
    token: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const claimIds = (body: Record<string, unknown>, list: 'tickets' | 'flags') =>
    (body[list] as { claimId: string }[]).map((t) => t.claimId).sort();

  for (const [route, list] of [
    ['/tickets?status=open', 'tickets'],
    ['/fraud/flags?state=OPEN', 'flags'],
  ] as const) {
    it(`${route}&unitCode= narrows to a unit’s subtree within the caller’s, and refuses one outside it`, async () => {
      const district = await get(route, tokens.hd);
      const unit = await get(`${route}&unitCode=BJ-HD-002`, tokens.hd);
      const admin = await get(`${route}&unitCode=BJ-HD`, tokens.admin);
      const auditor = await get(`${route}&unitCode=BJ-CY-001`, tokens.auditor);
      const outside = await get(`${route}&unitCode=BJ-HD-001`, tokens.cy1);
      const unknown = await get(`${route}&unitCode=NOPE`, tokens.admin);

      expect(claimIds(district.body, list)).toEqual([claimIdOf(0), claimIdOf(1)]);
      expect(claimIds(unit.body, list)).toEqual([claimIdOf(1)]);
      expect(claimIds(admin.body, list)).toEqual([claimIdOf(0), claimIdOf(1)]);
      expect(claimIds(auditor.body, list)).toEqual([claimIdOf(2)]);
      expect(outside.status).toBe(403);
      expect(JSON.stringify(outside.body)).toContain('unitCode');
      expect(unknown.status).toBe(400);
      expect((unknown.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['unitCode']);
    });
  }
});
