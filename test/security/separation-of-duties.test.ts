import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDelegationsStore } from '../../functions/adapters/dynamodb/delegations-store.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import type { Role } from '../../functions/domain/identity.ts';
import type { Approver } from '../../functions/domain/registry.ts';
import { localIdp } from '../../infra/local/local-idp.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { provideDocuments } from '../support/documents.ts';
import {
  apiClient,
  type OutboxMessage,
  outboxFor,
  queueLink,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';

/**
 * Separation of duties (issue 10, items 1 and 2): one person decides at most one level of a claim, and
 * never a claim they submitted, claim for, or are the payee of. Tokens are shaped as Cognito issues them:
 * `sub` is a UUID that equals no member id and no approver id; the approver id is a custom claim.
 */

function approver(approverId: string): Approver {
  const found = demo.approvers.find((a) => a.approverId === approverId);
  if (found === undefined) throw new Error(`no demo approver ${approverId}`);
  return found;
}

/** An active member of the unit who is no approver. */
function memberOf(unitCode: string, index = 0) {
  const found = claimants((m) => m.unitCode === unitCode)[index];
  if (found === undefined) throw new Error(`no member ${index} in ${unitCode}`);
  return found;
}

const parentOf = (unitCode: string) => demo.units.find((u) => u.code === unitCode)?.parentCode ?? '';

const levelEmails = (messages: OutboxMessage[], level: number) =>
  messages.filter(
    (m) =>
      m.channel === 'email' &&
      m.text.includes(`Approval level ${level} of`) &&
      !m.subject.includes('Reminder'),
  );

/** A 20000 CNY death benefit: the grassroots union, the district and the city each decide a level. */
function deathBenefit(member: { memberId: string; name: string }, payeeName = member.name) {
  return validSubmission({
    memberId: member.memberId,
    program: 'accident-protection',
    benefit: 'death',
    // A relative is paid only with evidence of the relation (the real-name payee rule).
    evidence: [
      { kind: 'death-certificate', number: `SW-SOD-${randomUUID()}` },
      { kind: 'proof-of-relation', number: `GX-SOD-${randomUUID()}` },
    ],
    payee: { name: payeeName, bankName: '中国工商银行北京支行', accountNumber: '6222020200998877665' },
  });
}

function skillBoost(member: { memberId: string; name: string }) {
  return validSubmission({
    memberId: member.memberId,
    evidence: [{ kind: 'certificate', number: `JS-SOD-${randomUUID()}` }],
    payee: { name: member.name, bankName: '中国工商银行北京支行', accountNumber: '6222020200112233445' },
  });
}

describe('separation of duties: one person, one decision', () => {
  let stack: TestStack;
  let claims: DynamoClaimsStore;
  let delegations: DynamoDelegationsStore;

  beforeAll(async () => {
    stack = await startTestStack();
    claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    delegations = new DynamoDelegationsStore(documentClient(stack.ddb), stack.runtime.tables.registry);
  });
  afterAll(async () => {
    await stack.close();
  });

  /** A token as Cognito issues it: a UUID subject, groups and the custom claims the user pool carries. */
  async function cognitoToken(
    roles: Role[],
    claims: { memberId?: string; unitCode?: string; approverId?: string } = {},
  ) {
    return (await localIdp(stack.dataDir)).sign({ sub: randomUUID(), roles, ...claims });
  }

  async function submit(token: string, body: Record<string, unknown>) {
    const api = apiClient(stack.runtime.apiUrl, token);
    const res = await api.submit(body);
    expect(res.status).toBe(202);
    // The death benefit requires its documents: the member uploads them, and the claim goes to approval.
    await provideDocuments(stack, api, String(res.body.claimId));
    return { api, claimId: String(res.body.claimId) };
  }

  /**
   * Every approver a level was routed to, once it was notified, each with their own link: the one e-mail
   * that opened the level went to its assigned approver (checked here); each link is taken from that
   * approver's queue (GET /approvals), as an approver who was not e-mailed finds it.
   */
  async function notifiedLevel(
    claimId: string,
    level: number,
  ): Promise<Pick<OutboxMessage, 'to' | 'links'>[]> {
    const request = await until(`level ${level} of ${claimId} to be notified`, async () => {
      const found = await claims.getApprovalRequest(claimId, level);
      return found?.notified === true ? found : undefined;
    });
    const unitApprovers = await stack.registry.listApprovers(request.unitCode);
    const emailOf = (id: string | undefined) => unitApprovers.find((a) => a.approverId === id)?.email;
    const routed = await Promise.all(
      request.approverIds.map(async (id) => ({
        to: emailOf(id) ?? id,
        links: [await queueLink(stack, claimId, id, level)],
      })),
    );
    const emails = levelEmails(await outboxFor(stack.runtime.outboxDir, claimId), level);
    expect(emails.map((m) => m.to)).toEqual([emailOf(request.assignedTo)]);
    expect(emails[0]?.links).toEqual(routed.find((r) => r.to === emailOf(request.assignedTo))?.links);
    return routed;
  }

  function linkTo(emails: Pick<OutboxMessage, 'to' | 'links'>[], to: string): string {
    const link = emails.find((m) => m.to === to)?.links[0];
    if (link === undefined) throw new Error(`no link to ${to}`);
    return link;
  }

  /** Decides through a link as a script would: the form token from the JSON page, then POST. */
  async function post(link: string, decision: 'approve' | 'reject' = 'approve') {
    const page = await fetch(link, { headers: { accept: 'application/json' } });
    const csrf = page.ok ? ((await page.json()) as { csrf?: unknown }).csrf : undefined;
    const res = await fetch(link, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({
        decision,
        reason: '同意',
        ...(typeof csrf === 'string' ? { csrf } : {}),
      }),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  async function approverEvents(claimId: string) {
    return (await claims.timeline(claimId)).filter((e) => e.actor.kind === 'approver');
  }

  function putDeputy(token: string, approverId: string, body: Record<string, unknown>) {
    return fetch(`${stack.runtime.apiUrl}/approvers/${approverId}/deputy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  describe('10.1 the submitter, the claimant and the payee never decide', () => {
    it('10.1 a staff approver who submits for a member of their unit gets no link; the claim records the identities', async () => {
      // Prepare: the unit's second approver, signed in as union staff with a Cognito subject
      const unit = 'BJ-DC-001';
      const staff = approver(`A-${unit}-2`);
      const colleague = approver(`A-${unit}-1`);
      const member = memberOf(unit);
      const token = await cognitoToken(['staff'], { unitCode: unit, approverId: staff.approverId });
      // Act
      const { claimId } = await submit(token, skillBoost(member));
      const emails = await notifiedLevel(claimId, 1);
      const claim = await claims.get(claimId);
      // Assess
      expect(emails.map((m) => m.to)).toEqual([colleague.email]);
      expect(claim?.parties).toMatchObject({
        claimant: { memberId: member.memberId },
        submitter: { kind: 'staff', memberId: null, approverId: staff.approverId },
        payee: { name: member.name },
      });
      expect(claim?.parties?.submitter.subject).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('10.1 when the only other approver of the level is the claimant, the level goes to the district', async () => {
      // Prepare: staff approver 2 submits for approver 1's own membership
      const unit = 'BJ-XC-001';
      const staff = approver(`A-${unit}-2`);
      const claimant = approver(`A-${unit}-1`);
      const member = demo.members.find((m) => m.memberId === claimant.memberId);
      if (member === undefined) throw new Error('the first approver is no member');
      const token = await cognitoToken(['staff'], { unitCode: unit, approverId: staff.approverId });
      // Act
      const { api, claimId } = await submit(token, skillBoost(member));
      const district = await notifiedLevel(claimId, 2);
      const level1 = levelEmails(await outboxFor(stack.runtime.outboxDir, claimId), 1);
      const timeline = await claims.timeline(claimId);
      const decided = await post(linkTo(district, approver(`A-${parentOf(unit)}-1`).email));
      // Assess
      expect(level1).toEqual([]);
      expect(district.map((m) => m.to).sort()).toEqual(
        [approver(`A-${parentOf(unit)}-1`).email, approver(`A-${parentOf(unit)}-2`).email].sort(),
      );
      expect(timeline.find((e) => e.action === 'approval-escalated-level-1')?.reason).toContain('four-eyes');
      expect(decided.status).toBe(200);
      await api.waitFor(claimId, ['PAID']);
    });

    it('10.1 an approver named as the payee gets no link', async () => {
      // Prepare: a death benefit paid to a relative who is the unit's first approver
      const unit = 'BJ-FT-001';
      const payee = approver(`A-${unit}-1`);
      const member = memberOf(unit);
      const token = await cognitoToken(['member'], { memberId: member.memberId });
      // Act
      const { claimId } = await submit(token, deathBenefit(member, payee.name));
      const emails = await notifiedLevel(claimId, 1);
      // Assess
      expect(emails.map((m) => m.to)).toEqual([approver(`A-${unit}-2`).email]);
    });

    it('10.1 a link whose approver is now known as the claimant is refused at decision time; the other link still decides', async () => {
      // Prepare
      const unit = 'BJ-SJS-001';
      const member = memberOf(unit);
      const token = await cognitoToken(['member'], { memberId: member.memberId });
      const { api, claimId } = await submit(token, skillBoost(member));
      const emails = await notifiedLevel(claimId, 1);
      const [first, second] = [approver(`A-${unit}-1`), approver(`A-${unit}-2`)];
      // The registry learns that the second approver is the claimant (their membership was recorded late).
      await stack.registry.putAll({ approvers: [{ ...second, memberId: member.memberId }] });
      // Act
      const refused = await post(linkTo(emails, second.email));
      const afterRefusal = await claims.get(claimId);
      const events = await approverEvents(claimId);
      const page = await fetch(linkTo(emails, second.email), { headers: { accept: 'application/json' } });
      const decided = await post(linkTo(emails, first.email));
      // Assess
      expect(refused.status).toBe(403);
      expect(refused.type).toMatch(/^application\/problem\+json/);
      expect(refused.body.title).toBe('Not eligible to decide');
      expect(String(refused.body.detail)).toContain('claimant');
      expect(afterRefusal?.status).toBe('AWAITING_APPROVAL');
      expect(afterRefusal?.approval).toBeUndefined();
      expect(events).toEqual([]);
      expect(((await page.json()) as { state: string }).state).toBe('pending');
      expect(decided.status).toBe(200);
      await api.waitFor(claimId, ['PAID']);
    });
  });

  describe('10.2 deputies and levels', () => {
    it('10.2 a deputy of another unit, the caller, and the absent approver themselves are refused; nothing is written', async () => {
      // Prepare
      const unit = 'BJ-MTG-001';
      const [first, second] = [approver(`A-${unit}-1`), approver(`A-${unit}-2`)];
      const today = beijingDate(new Date());
      const range = { from: today, to: today, reason: '休假 on leave' };
      const admin = await cognitoToken(['admin']);
      const caller = await cognitoToken(['staff'], { unitCode: unit, approverId: first.approverId });
      // The first approver's second registration (same membership) is the same person.
      const alias: Approver = {
        ...first,
        approverId: `A-${unit}-ALIAS`,
        email: 'alias@test.union.example',
      };
      await stack.registry.putAll({ approvers: [alias] });
      // Act
      const elsewhere = await putDeputy(admin, second.approverId, {
        ...range,
        deputyApproverId: approver(`A-${parentOf(unit)}-1`).approverId,
      });
      const callerAsDeputy = await putDeputy(caller, second.approverId, {
        ...range,
        deputyApproverId: first.approverId,
      });
      const selfById = await putDeputy(admin, first.approverId, {
        ...range,
        deputyApproverId: first.approverId,
      });
      const selfByPerson = await putDeputy(admin, first.approverId, {
        ...range,
        deputyApproverId: alias.approverId,
      });
      const refusals = [elsewhere, callerAsDeputy, selfById, selfByPerson];
      const bodies = await Promise.all(
        refusals.map(async (r) => (await r.json()) as Record<string, unknown>),
      );
      const written = [await delegations.get(first.approverId), await delegations.get(second.approverId)];
      const history = [
        ...(await delegations.history(first.approverId)),
        ...(await delegations.history(second.approverId)),
      ];
      const allowed = await putDeputy(admin, second.approverId, {
        ...range,
        deputyApproverId: first.approverId,
      });
      // Assess
      expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400]);
      for (const r of refusals) expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const messages = bodies.map((b) =>
        (b.errors as { field: string; message: string }[]).map((e) => `${e.field}: ${e.message}`).join('; '),
      );
      expect(messages[0]).toMatch(/^deputyApproverId: .*same unit/);
      expect(messages[1]).toMatch(/^deputyApproverId: must not be yourself/);
      expect(messages[2]).toMatch(/^deputyApproverId: .*another/);
      expect(messages[3]).toMatch(/^deputyApproverId: .*another person/);
      expect(written).toEqual([null, null]);
      expect(history).toEqual([]);
      expect(allowed.status).toBe(200);
    });

    it('10.2 a person who decided level 1 gets no link for level 2, and a decision by them there is refused', async () => {
      // Prepare: one person registered as an approver of the grassroots union and of its district
      const unit = 'BJ-FS-001';
      const district = parentOf(unit);
      const person = memberOf('BJ-FS-002');
      const here: Approver = {
        approverId: `A-${unit}-P`,
        unitCode: unit,
        name: person.name,
        email: 'p.grassroots@test.union.example',
        mobile: person.mobile,
        memberId: person.memberId,
      };
      const there: Approver = {
        ...here,
        approverId: `A-${district}-P`,
        unitCode: district,
        email: 'p.district@test.union.example',
      };
      await stack.registry.putAll({ approvers: [here, there] });
      const member = memberOf(unit);
      const token = await cognitoToken(['member'], { memberId: member.memberId });
      const { claimId } = await submit(token, deathBenefit(member));
      // Act: the person decides level 1
      const level1 = await notifiedLevel(claimId, 1);
      const first = await post(linkTo(level1, here.email));
      const level2 = await notifiedLevel(claimId, 2);
      // The registry learns that the district's second approver is that person too.
      const colleague = approver(`A-${district}-2`);
      await stack.registry.putAll({ approvers: [{ ...colleague, memberId: person.memberId }] });
      const refused = await post(linkTo(level2, colleague.email));
      const events = await approverEvents(claimId);
      const decided = await post(linkTo(level2, approver(`A-${district}-1`).email));
      // Assess
      expect(first.status).toBe(200);
      expect(level2.map((m) => m.to)).not.toContain(there.email);
      expect(level2.map((m) => m.to).sort()).toEqual(
        [colleague.email, approver(`A-${district}-1`).email].sort(),
      );
      expect(refused.status).toBe(403);
      expect(refused.type).toMatch(/^application\/problem\+json/);
      expect(String(refused.body.detail)).toContain('level 1');
      expect(events.map((e) => e.action)).toEqual(['approved-level-1']);
      expect(decided.status).toBe(200);
      expect((await notifiedLevel(claimId, 3)).length).toBeGreaterThan(0);
    });

    it('10.2 when every approver of level 2 is the person who decided level 1, the level goes to the city at once', async () => {
      // Prepare: the registry knows both district approvers as the member who approves in the grassroots union
      const unit = 'BJ-SY-001';
      const district = parentOf(unit);
      const person = memberOf('BJ-SY-002');
      const here: Approver = {
        approverId: `A-${unit}-P`,
        unitCode: unit,
        name: person.name,
        email: 'p.sy@test.union.example',
        mobile: person.mobile,
        memberId: person.memberId,
      };
      const districtApprovers = [approver(`A-${district}-1`), approver(`A-${district}-2`)];
      await stack.registry.putAll({
        approvers: [here, ...districtApprovers.map((a) => ({ ...a, memberId: person.memberId }))],
      });
      const member = memberOf(unit);
      const { claimId } = await submit(
        await cognitoToken(['member'], { memberId: member.memberId }),
        deathBenefit(member),
      );
      // Act
      const first = await post(linkTo(await notifiedLevel(claimId, 1), here.email));
      const city = await notifiedLevel(claimId, 3);
      const timeline = await claims.timeline(claimId);
      // Assess
      expect(first.status).toBe(200);
      expect(levelEmails(await outboxFor(stack.runtime.outboxDir, claimId), 2)).toEqual([]);
      expect(timeline.find((e) => e.action === 'approval-escalated-level-2')?.reason).toContain(
        `escalated to ${demo.units.find((u) => u.code === district)?.parentCode}`,
      );
      expect(city.map((m) => m.to).sort()).toEqual(
        [approver('A-BJ-1').email, approver('A-BJ-2').email].sort(),
      );
    });

    it('10.2 a deputy of another unit stored before the rule is not used; the absent approver keeps their link', async () => {
      // Prepare: both approvers of the unit "absent", with the district's approver as deputy (written
      // straight to the table, as a delegation set before deputies had to be of the same unit)
      const unit = 'BJ-TZ-001';
      const district = parentOf(unit);
      const deputy = approver(`A-${district}-1`);
      const today = beijingDate(new Date());
      for (const absent of [approver(`A-${unit}-1`), approver(`A-${unit}-2`)]) {
        await delegations.put(
          absent.approverId,
          {
            approverId: absent.approverId,
            deputy,
            from: today,
            to: today,
            reason: 'legacy',
            setAt: new Date().toISOString(),
          },
          {
            at: new Date().toISOString(),
            actor: { kind: 'admin', id: 'legacy' },
            action: 'deputy-set',
            reason: 'legacy',
            before: null,
            after: null,
          },
        );
      }
      const member = memberOf(unit);
      const token = await cognitoToken(['member'], { memberId: member.memberId });
      // Act
      const { claimId } = await submit(token, deathBenefit(member));
      const level1 = await notifiedLevel(claimId, 1);
      // Assess
      expect(level1.map((m) => m.to).sort()).toEqual(
        [approver(`A-${unit}-1`).email, approver(`A-${unit}-2`).email].sort(),
      );
    });
  });
});
