import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate, beijingYear } from '../../functions/domain/calendar.ts';
import { DEFAULT_CATALOG } from '../../functions/domain/programs/catalog.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { apiClient, startTestStack, type TestStack } from '../support/local-stack.ts';

const members = claimants((m) => m.joinedOn < '2025-01-01');
const today = beijingDate(new Date());
const tomorrow = beijingDate(new Date(Date.now() + 86_400_000));

describe('programs, budgets, service visits and corrections over the API', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  describe('programs (准入退出)', () => {
    it('lists all ten programs in force', async () => {
      const res = await call('GET', '/programs', await stack.token(['member'], { memberId: 'M000001' }));
      const programs = res.body.programs as { programId: string; state: string }[];
      expect(programs.map((p) => p.programId).sort()).toEqual(
        [...new Set(DEFAULT_CATALOG.map((v) => v.programId))].sort(),
      );
      expect(programs.every((p) => p.state === 'active')).toBe(true);
    });

    it('lets only admins add a version; a new amount applies to incidents from its date', async () => {
      const skill = DEFAULT_CATALOG.find((v) => v.programId === 'skill-boost');
      if (skill === undefined) throw new Error('no skill-boost');
      const version = {
        ...skill,
        version: '2030.1',
        effectiveFrom: tomorrow,
        benefits: skill.benefits.map((b) =>
          b.id === 'technician' ? { ...b, amount: { kind: 'fixed', fen: 1500_00 } } : b,
        ),
      };
      const member = await stack.token(['member'], { memberId: 'M000001' });
      expect((await call('POST', '/programs/skill-boost/versions', member, version)).status).toBe(403);
      const admin = await stack.token(['admin']);
      const added = await call('POST', '/programs/skill-boost/versions', admin, version);
      expect(added.status).toBe(201);
      expect((await call('POST', '/programs/skill-boost/versions', admin, version)).status).toBe(409);
      const bad = await call('POST', '/programs/skill-boost/versions', admin, {
        ...version,
        version: '2030.2',
        claimDeadlineDays: 0,
      });
      expect(bad.status).toBe(400);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toContain('claimDeadlineDays');
      const listed = await call('GET', '/programs', admin);
      const skillNow = (
        listed.body.programs as { programId: string; versions: { version: string }[] }[]
      ).find((p) => p.programId === 'skill-boost');
      expect(skillNow?.versions.map((v) => v.version)).toEqual(['2015.1', '2030.1']);
    });

    it('refuses new claims for a retired program with a clear error, and keeps the audit', async () => {
      const admin = await stack.token(['admin']);
      const retired = await call('POST', '/programs/legal-aid/retire', admin, {
        effectiveFrom: today,
        reason: '并入职工法律援助中心',
      });
      expect(retired.status).toBe(201);
      const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
      const res = await api.submit(
        validSubmission({
          program: 'legal-aid',
          benefit: 'litigation-subsidy',
          facts: { costsFen: 1000_00 },
          evidence: [{ kind: 'invoice', number: 'INV-RETIRED-1' }],
        }),
      );
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(`was retired on ${today}`);
      expect(res.body.errors).toEqual([{ field: 'program', message: `was retired on ${today}` }]);
    });
  });

  describe('budgets', () => {
    it('shows allocated, committed, paid and available; a district sets its units’ budgets, not its own', async () => {
      const year = String(beijingYear(new Date()));
      const district = await stack.token(['staff'], { unitCode: 'BJ-HD' });
      const set = await call('PUT', `/budgets/BJ-HD-002/${year}/skill-boost`, district, {
        allocatedFen: 80_000_00,
        reason: '年度预算',
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        allocatedFen: 80_000_00,
        paidFen: 0,
        availableFen: 80_000_00,
        committedFen: 0,
      });
      expect(
        (
          await call('PUT', `/budgets/BJ-HD/${year}/skill-boost`, district, {
            allocatedFen: 1,
            reason: 'self',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call('PUT', `/budgets/BJ-CY-001/${year}/skill-boost`, district, {
            allocatedFen: 1,
            reason: 'x1',
          })
        ).status,
      ).toBe(403);
      const bad = await call('PUT', `/budgets/BJ-HD-002/${year}/skill-boost`, district, {
        allocatedFen: 10.5,
        reason: 'x1',
      });
      expect(bad.status).toBe(400);
      const shown = await call('GET', `/budgets/BJ-HD-002/${year}`, district);
      expect((shown.body.budgets as { programId: string }[]).map((b) => b.programId)).toContain(
        'skill-boost',
      );
      const outsider = await stack.token(['staff'], { unitCode: 'BJ-CY' });
      expect((await call('GET', `/budgets/BJ-HD-002/${year}`, outsider)).status).toBe(403);
    });
  });

  describe('service visits', () => {
    it('records a real-name visit once per key, for staff of the station’s unit', async () => {
      const staff = await stack.token(['staff'], { unitCode: 'BJ-HD' });
      const body = {
        program: 'psychological-care',
        service: 'counselling',
        memberId: 'M000001',
        unitCode: 'BJ-HD-001',
        visitedOn: today,
      };
      const key = { 'idempotency-key': `visit-${randomUUID()}` };
      const first = await call('POST', '/service-visits', staff, body, key);
      expect(first.status).toBe(201);
      expect((await call('POST', '/service-visits', staff, body, key)).body.visitId).toBe(first.body.visitId);
      const money = await call(
        'POST',
        '/service-visits',
        staff,
        { ...body, program: 'skill-boost', service: 'technician' },
        { 'idempotency-key': `visit-${randomUUID()}` },
      );
      expect(money.status).toBe(400);
      const outsider = await stack.token(['staff'], { unitCode: 'BJ-CY' });
      expect(
        (
          await call('POST', '/service-visits', outsider, body, {
            'idempotency-key': `visit-${randomUUID()}`,
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('data-correction dispatch (派单)', () => {
    it('holds a claim whose name differs from the registry until staff resolve the ticket; a rejection ends it', async () => {
      const member = members[0];
      if (member === undefined) throw new Error('no member');
      const api = apiClient(
        stack.runtime.apiUrl,
        await stack.token(['member'], { memberId: member.memberId }),
      );
      const submitted = await api.submit(
        validSubmission({
          memberId: member.memberId,
          memberName: '李四不对',
          evidence: [{ kind: 'certificate', number: `JS-${randomUUID().slice(0, 8)}` }],
        }),
      );
      const claimId = String(submitted.body.claimId);
      await api.waitFor(claimId, ['AWAITING_CORRECTION']);

      const unitStaff = await stack.token(['staff'], { unitCode: member.unitCode });
      const tickets = (await call('GET', '/tickets', unitStaff)).body.tickets as {
        ticketId: string;
        claimId: string;
        kinds: string[];
      }[];
      const ticket = tickets.find((t) => t.claimId === claimId);
      expect(ticket?.kinds).toEqual(['name-mismatch']);
      expect(JSON.stringify(tickets)).not.toContain('taskToken');
      const outsider = await stack.token(['staff'], { unitCode: 'BJ-YQ' });
      expect(((await call('GET', '/tickets', outsider)).body.tickets as unknown[]).length).toBe(0);

      const resolved = await call('POST', `/tickets/${ticket?.ticketId}/resolve`, unitStaff, {
        outcome: 'rejected',
        reason: '非本人申请',
      });
      expect(resolved.status).toBe(200);
      const claim = await api.waitFor(claimId, ['REJECTED']);
      const timeline = claim.timeline as { from: string; to: string; reason: string }[];
      expect(timeline.find((e) => e.from !== 'REJECTED' && e.to === 'REJECTED')?.reason).toBe('非本人申请');
      expect(
        (
          await call('POST', `/tickets/${ticket?.ticketId}/resolve`, unitStaff, {
            outcome: 'corrected',
            reason: 'again',
          })
        ).status,
      ).toBe(409);
    });

    it('lets a lapsed member with a pending renewal continue once the union renews and resolves the ticket', async () => {
      const member = members[1];
      if (member === undefined) throw new Error('no member');
      await stack.registry.putAll({ members: [{ ...member, status: 'suspended', renewalPending: true }] });
      const api = apiClient(
        stack.runtime.apiUrl,
        await stack.token(['member'], { memberId: member.memberId }),
      );
      const submitted = await api.submit(
        validSubmission({
          memberId: member.memberId,
          evidence: [{ kind: 'certificate', number: `JS-${randomUUID().slice(0, 8)}` }],
        }),
      );
      const claimId = String(submitted.body.claimId);
      await api.waitFor(claimId, ['AWAITING_CORRECTION']);

      await stack.registry.putAll({ members: [{ ...member, status: 'active', renewalPending: false }] });
      const staff = await stack.token(['staff'], { unitCode: 'BJ' });
      const ticket = (
        (await call('GET', '/tickets', staff)).body.tickets as {
          ticketId: string;
          claimId: string;
          kinds: string[];
        }[]
      ).find((t) => t.claimId === claimId);
      expect(ticket?.kinds).toEqual(['renewal-pending']);
      expect(
        (
          await call('POST', `/tickets/${ticket?.ticketId}/resolve`, staff, {
            outcome: 'corrected',
            reason: '已续会',
          })
        ).status,
      ).toBe(200);
      const claim = await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      const path = (claim.timeline as { to: string; action: string }[])
        .filter((e) => !e.action.startsWith('member-notified-'))
        .map((e) => e.to);
      expect(path).toEqual([
        'SUBMITTED',
        'SUBMITTED',
        'AWAITING_CORRECTION',
        'SUBMITTED',
        'MEMBERSHIP_VERIFIED',
        'RULES_PASSED',
        'AWAITING_APPROVAL',
      ]);
    });
  });
});
