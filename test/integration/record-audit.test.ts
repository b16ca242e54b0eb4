import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '../../functions/domain/audit.ts';
import { hashIdNumber, makeIdNumber } from '../../functions/domain/id-number.ts';
import { formatCsvLine } from '../../functions/domain/member-import/csv.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

interface AuditBody {
  record: string;
  id: string;
  events: RecordEvent[];
}

describe('audit events of members, budgets, programs and approvers over GET /audit/{record}/{id}', () => {
  let stack: TestStack;
  const idNumber = makeIdNumber('110108', '1991-03-03', 77);
  const year = new Date().getFullYear();

  async function call(method: string, path: string, token: string, body?: string, type = 'application/json') {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
  }

  const importRow = (mobile: string) =>
    [
      ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期'],
      ['审计甲', idNumber, mobile, 'BJ-HD-001', '2024-01-01'],
    ]
      .map((r) => formatCsvLine(r))
      .join('');

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('records who created and changed a member, with masked before and after, for auditors and unit staff', async () => {
    // Arrange
    const staff = await stack.token(['staff'], { unitCode: 'BJ-HD' });
    const created = await call('POST', '/members/import', staff, importRow('13700000001'), 'text/csv');
    expect(created.body).toMatchObject({ created: 1 });
    const memberId =
      (await stack.registry.findMemberIdByIdHash(hashIdNumber(idNumber, LOCAL_PII_HASH_KEY))) ?? 'none';
    // Act
    await call('POST', '/members/import', staff, importRow('13700000002'), 'text/csv');
    const asAuditor = await call('GET', `/audit/member/${memberId}`, await stack.token(['auditor']));
    const asStaff = await call('GET', `/audit/member/${memberId}`, staff);
    const asItself = await call(
      'GET',
      `/audit/member/${memberId}`,
      await stack.token(['member'], { memberId }),
    );
    const outsider = await call(
      'GET',
      `/audit/member/${memberId}`,
      await stack.token(['staff'], { unitCode: 'BJ-CY' }),
    );
    // Assert
    expect(asAuditor.status).toBe(200);
    expect(asStaff.body).toEqual(asAuditor.body);
    expect(asItself.body).toEqual(asAuditor.body);
    const events = (asAuditor.body as AuditBody).events;
    expect(events.map((e) => [e.action, e.actor.kind, e.reason])).toEqual([
      ['member-created', 'staff', 'member import'],
      ['member-updated', 'staff', 'member import'],
    ]);
    expect(events[1]?.before).toEqual({ mobile: '137****0001' });
    expect(events[1]?.after).toEqual({ mobile: '137****0002' });
    expect(events[0]?.after).toMatchObject({ name: '审**', unitCode: 'BJ-HD-001', status: 'active' });
    expect(JSON.stringify(events)).not.toContain('审计甲');
    expect(JSON.stringify(events)).not.toContain(idNumber);
    expect(outsider.status).toBe(404);
    expect(outsider.type).toContain('application/problem+json');
  });

  it("records a budget's allocations, and refuses members and unknown record kinds", async () => {
    // Arrange
    const district = await stack.token(['staff'], { unitCode: 'BJ-HD' });
    // Act
    const set = await call(
      'PUT',
      `/budgets/BJ-HD-002/${year}/skill-boost`,
      district,
      JSON.stringify({ allocatedFen: 1_234_500, reason: '年度预算' }),
    );
    const history = await call('GET', '/audit/budget/BJ-HD-002', await stack.token(['auditor']));
    const asMember = await call(
      'GET',
      '/audit/budget/BJ-HD-002',
      await stack.token(['member'], { memberId: 'M000001' }),
    );
    const unknown = await call('GET', '/audit/claims/BJ-HD-002', await stack.token(['auditor']));
    // Assert
    expect(set.status).toBe(200);
    const events = (history.body as AuditBody).events;
    expect(events.at(-1)).toMatchObject({ actor: { kind: 'staff' }, reason: '年度预算' });
    expect(JSON.stringify(events.at(-1)?.after)).toContain('1234500');
    expect(asMember.status).toBe(404);
    expect(unknown.status).toBe(404);
  });
});
