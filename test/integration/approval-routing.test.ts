import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDelegationsStore } from '../../functions/adapters/dynamodb/delegations-store.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { programInForce } from '../../functions/domain/programs/catalog.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import {
  apiClient,
  approvalLink,
  type OutboxMessage,
  outboxFor,
  queueLink,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** Workflow timeouts fire only when a test moves this clock on, once the step it expires is waiting. */
const clock = new ManualClock();

function approver(approverId: string) {
  const found = demo.approvers.find((a) => a.approverId === approverId);
  if (found === undefined) throw new Error(`no demo approver ${approverId}`);
  return found;
}

/** Active members of a unit who are not approvers, a different one for each claim. */
function membersOf(unitCode: string) {
  return claimants((m) => m.unitCode === unitCode);
}

const emailsTo = (messages: OutboxMessage[], level: number) =>
  messages
    .filter((m) => m.channel === 'email' && m.text.includes(`Approval level ${level} of`))
    .filter((m) => !m.subject.includes('Reminder'));
const remindersOf = (messages: OutboxMessage[]) =>
  messages.filter((m) => m.channel === 'email' && m.subject.includes('Reminder'));

describe('approval routing (reminders, escalation, four-eyes, delegation)', () => {
  let stack: TestStack;
  let evidence = 0;
  const demoMember = demo.members.find((m) => m.memberId === 'M000001');
  const unit = demoMember?.unitCode ?? '';
  const district = demo.units.find((u) => u.code === unit)?.parentCode ?? '';
  const members = membersOf(unit);

  beforeAll(async () => {
    stack = await startTestStack({ clock });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function submit(
    memberId: string,
    as: { roles?: ('member' | 'staff')[]; sub?: string; approverId?: string } = {},
  ) {
    const roles = as.roles ?? ['member'];
    const token = await stack.token(roles, {
      memberId: roles.includes('member') ? memberId : undefined,
      unitCode: roles.includes('staff') ? unit : undefined,
      sub: as.sub,
      approverId: as.approverId,
    });
    const api = apiClient(stack.runtime.apiUrl, token);
    evidence += 1;
    const res = await api.submit(
      validSubmission({
        memberId,
        evidence: [{ kind: 'certificate', number: `JS-ROUTE-${Date.now()}-${evidence}` }],
      }),
    );
    expect(res.status).toBe(202);
    return { api, claimId: String(res.body.claimId) };
  }

  const outbox = (claimId: string) => outboxFor(stack.runtime.outboxDir, claimId);
  const claimsStore = () =>
    new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );

  /** Waits until every message opening a level is recorded as sent. */
  async function levelNotified(claimId: string, level: number): Promise<void> {
    const claims = claimsStore();
    await until(`level ${level} of ${claimId} to be notified`, async () =>
      (await claims.getApprovalRequest(claimId, level))?.notified === true ? true : undefined,
    );
  }

  /**
   * Lets a level's time run out, as the program's timeouts would: once the level's messages are recorded
   * as sent, its RequestApproval waits on its timeout: the clock moves past it and the approvers are
   * reminded; once the reminder is recorded as sent, the clock moves past the reminder window and the
   * level escalates.
   */
  async function letLevelRunOut(
    claimId: string,
    level: number,
    timeouts: { remindAfterSeconds: number; escalateAfterSeconds: number } = {
      remindAfterSeconds: 86_400,
      escalateAfterSeconds: 3 * 86_400,
    },
    until_: 'reminded' | 'escalated' = 'escalated',
  ): Promise<void> {
    const claims = claimsStore();
    await levelNotified(claimId, level);
    clock.advance(timeouts.remindAfterSeconds * 1000);
    await until(`the reminder of level ${level} of ${claimId} to be sent`, async () =>
      (await claims.getApprovalRequest(claimId, level))?.reminder?.sent === true ? true : undefined,
    );
    if (until_ === 'reminded') return;
    clock.advance((timeouts.escalateAfterSeconds - timeouts.remindAfterSeconds) * 1000);
    await until(`level ${level} of ${claimId} to escalate`, async () =>
      (await claims.getApprovalRequest(claimId, level))?.closed === true ||
      (await claims.get(claimId))?.status !== 'AWAITING_APPROVAL'
        ? true
        : undefined,
    );
  }

  /** Decides through a link as a script would: read the form token (if the page has one), then POST. */
  async function post(link: string, decision: 'approve' | 'reject') {
    const page = await fetch(link, { headers: { accept: 'application/json' } });
    const csrf = page.ok ? ((await page.json()) as { csrf?: unknown }).csrf : undefined;
    return fetch(link, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({
        decision,
        reason: '同意',
        ...(typeof csrf === 'string' ? { csrf } : {}),
      }),
    });
  }

  async function admin() {
    return stack.token(['admin'], { sub: 'admin-test' });
  }

  function putDeputy(token: string, approverId: string, body: Record<string, unknown>) {
    return fetch(`${stack.runtime.apiUrl}/approvers/${approverId}/deputy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  describe('a level nobody decides', () => {
    it('reminds the assigned approver, e-mails the others their first link, texts one, then escalates to the district, whose link pays the claim', async () => {
      // Act
      const member = members[0];
      if (member === undefined) throw new Error('no member');
      const { api, claimId } = await submit(member.memberId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      const first = await approvalLink(stack.runtime.outboxDir, claimId, 1);
      await levelNotified(claimId, 1);
      const levelOne = await claimsStore().getApprovalRequest(claimId, 1);
      const others = (levelOne?.approverIds ?? []).filter((id) => id !== levelOne?.assignedTo);
      // The approvers not e-mailed find the claim in their queue, with their own link.
      const queued = await Promise.all(others.map((id) => queueLink(stack, claimId, id, 1)));
      const beforeReminder = await outbox(claimId);
      await letLevelRunOut(claimId, 1);
      const reminders = remindersOf(await outbox(claimId));
      const secondLevel = await approvalLink(stack.runtime.outboxDir, claimId, 2);
      await levelNotified(claimId, 2);
      const levelTwo = await claimsStore().getApprovalRequest(claimId, 2);
      const messages = await outbox(claimId);
      const late = await post(first, 'approve');
      const decided = await post(secondLevel, 'approve');
      const claim = await api.waitFor(claimId, ['PAID']);
      // Assess: one e-mail opened the level, to its assigned approver; the others had none until the reminder.
      const assigned = approver(levelOne?.assignedTo ?? '');
      expect(levelOne?.approverIds.length).toBeGreaterThan(1);
      expect(emailsTo(beforeReminder, 1).map((m) => m.to)).toEqual([assigned.email]);
      expect(emailsTo(messages, 1).map((m) => m.to)).toEqual([assigned.email]);
      expect(emailsTo(messages, 1)[0]?.links).toEqual([first]);
      // The reminder: the assigned approver's reminder (the same link), and every other approver's first
      // e-mail with their own link, saying whom it was first sent to.
      expect(reminders.map((m) => m.to).sort()).toEqual(
        (levelOne?.approverIds ?? []).map((id) => approver(id).email).sort(),
      );
      expect(reminders.flatMap((m) => m.links).sort()).toEqual([first, ...queued].sort());
      expect(reminders.every((m) => m.text.includes(claimId))).toBe(true);
      expect(reminders.find((m) => m.to === assigned.email)?.text).toContain(
        'This approval is still waiting for you.',
      );
      for (const id of others) {
        expect(reminders.find((m) => m.to === approver(id).email)?.text).toContain(
          `it was first sent to ${assigned.name}`,
        );
      }
      // One approver of the level gets an SMS, with the reminder only: the assigned one (who has a mobile).
      const everything = await outboxFor(stack.runtime.outboxDir, '');
      const smsCarrying = (links: string[]) =>
        everything.filter((m) => m.channel === 'sms' && m.links.some((link) => links.includes(link)));
      const reminderSms = smsCarrying([first, ...queued]);
      expect(reminderSms).toHaveLength(1);
      expect(reminderSms[0]?.to).toBe(assigned.mobile);
      expect(reminderSms[0]?.links).toEqual([first]);
      expect(reminderSms[0]?.text).toContain('提醒');
      expect(smsCarrying(emailsTo(messages, 2).flatMap((m) => m.links))).toEqual([]);
      // Level 2 opens with one e-mail too, to its assigned approver, one of the district's two.
      expect([...(levelTwo?.approverIds ?? [])].sort()).toEqual([`A-${district}-1`, `A-${district}-2`]);
      expect(emailsTo(messages, 2).map((m) => m.to)).toEqual([approver(levelTwo?.assignedTo ?? '').email]);
      expect(late.status).not.toBe(200);
      expect(decided.status).toBe(200);
      const timeline = claim.timeline as { action: string; reason: string }[];
      const actions = timeline.map((e) => e.action);
      expect(actions).toContain('approval-reminded-level-1');
      expect(actions).toContain('approval-escalated-level-1');
      expect(timeline.find((e) => e.action === 'approval-escalated-level-1')?.reason).toContain(
        'no decision in time',
      );
    });
  });

  describe('four-eyes', () => {
    it('gives the claimant-approver no link on their own claim', async () => {
      // Prepare: the unit's first approver is one of its members (demo data)
      const self = approver(`A-${unit}-1`);
      expect(self.memberId).not.toBeNull();
      // Act
      const { api, claimId } = await submit(String(self.memberId));
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await levelNotified(claimId, 1);
      // Assess
      const to = emailsTo(await outbox(claimId), 1).map((m) => m.to);
      expect(to).toEqual([approver(`A-${unit}-2`).email]);
    });

    it('escalates at once when no approver of the unit may decide (one is the claimant, one submitted it)', async () => {
      // Prepare
      const self = approver(`A-${unit}-1`);
      // Act: the unit's second approver, as union staff (a Cognito subject, their approver id as a claim),
      // submits for the first approver's member
      const { api, claimId } = await submit(String(self.memberId), {
        roles: ['staff'],
        sub: '3f1d2c9a-7b4e-4f0a-9c1d-5e6f7a8b9c0d',
        approverId: `A-${unit}-2`,
      });
      const districtLink = await approvalLink(stack.runtime.outboxDir, claimId, 2);
      const claim = (await api.claim(claimId)).body;
      // Assess
      expect(emailsTo(await outbox(claimId), 1)).toEqual([]);
      const timeline = claim.timeline as { action: string; reason: string }[];
      expect(timeline.find((e) => e.action === 'approval-escalated-level-1')?.reason).toContain('four-eyes');
      expect(timeline.map((e) => e.action)).not.toContain('approval-reminded-level-1');
      expect((await post(districtLink, 'approve')).status).toBe(200);
      await api.waitFor(claimId, ['PAID']);
    });

    it('skips an approver seeded with the claimant as their member', async () => {
      // Prepare
      const claimant = members[2];
      if (claimant === undefined) throw new Error('no member');
      await stack.registry.putAll({
        approvers: [
          {
            approverId: `A-${unit}-SELF`,
            unitCode: unit,
            name: claimant.name,
            email: 'self.approver@test.union.example',
            mobile: '13800000000',
            memberId: claimant.memberId,
          },
        ],
      });
      // Act
      const { api, claimId } = await submit(claimant.memberId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await levelNotified(claimId, 1);
      // Assess
      const to = emailsTo(await outbox(claimId), 1).map((m) => m.to);
      expect(to).not.toContain('self.approver@test.union.example');
      expect(to).toHaveLength(1);
      const level = await claimsStore().getApprovalRequest(claimId, 1);
      expect(level?.approverIds).not.toContain(`A-${unit}-SELF`);
      expect(level?.approverIds.length).toBeGreaterThan(0);
    });
  });

  describe('delegation', () => {
    it('sends the deputy the link instead of the absent approver within the range, and not outside it', async () => {
      // Prepare
      const token = await admin();
      // A deputy is another approver of the absent approver's own unit.
      const absent = approver(`A-${unit}-2`);
      const deputy = approver(`A-${unit}-1`);
      const today = beijingDate(new Date());
      const inRange = await putDeputy(token, absent.approverId, {
        deputyApproverId: deputy.approverId,
        from: today,
        to: today,
        reason: '休假 on leave',
      });
      const [a, b] = [members[3], members[4]];
      if (a === undefined || b === undefined) throw new Error('no members');
      // Act
      const during = await submit(a.memberId);
      await during.api.waitFor(during.claimId, ['AWAITING_APPROVAL']);
      await levelNotified(during.claimId, 1);
      const pastRange = await putDeputy(token, absent.approverId, {
        deputyApproverId: deputy.approverId,
        from: '2020-01-01',
        to: '2020-01-31',
        reason: '已结束的休假 past leave',
      });
      const after = await submit(b.memberId);
      await after.api.waitFor(after.claimId, ['AWAITING_APPROVAL']);
      await levelNotified(after.claimId, 1);
      const staffElsewhere = await stack.token(['staff'], { sub: 'staff-other', unitCode: 'BJ-CY' });
      const forbidden = await putDeputy(staffElsewhere, absent.approverId, {
        deputyApproverId: deputy.approverId,
        from: today,
        to: today,
        reason: 'not mine',
      });
      const removed = await fetch(`${stack.runtime.apiUrl}/approvers/${absent.approverId}/deputy`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      // Assess
      expect(inRange.status).toBe(200);
      // The answer is the delegation only: never the deputy's registry record (e-mail, mobile, membership).
      expect(await inRange.json()).toEqual({
        approverId: absent.approverId,
        deputyApproverId: deputy.approverId,
        from: today,
        to: today,
      });
      expect(pastRange.status).toBe(200);
      expect(Object.keys((await pastRange.json()) as object).sort()).toEqual([
        'approverId',
        'deputyApproverId',
        'from',
        'to',
      ]);
      expect(forbidden.status).toBe(403);
      expect(removed.status).toBe(200);
      // Within the range the level is routed to the deputy, never to the absent approver, who is not
      // e-mailed; the deputy finds it in their queue (whether or not the level is assigned to them).
      const duringLevel = await claimsStore().getApprovalRequest(during.claimId, 1);
      expect(duringLevel?.approverIds).toContain(deputy.approverId);
      expect(duringLevel?.approverIds).not.toContain(absent.approverId);
      const duringTo = emailsTo(await outbox(during.claimId), 1).map((m) => m.to);
      expect(duringTo).toHaveLength(1);
      expect(duringTo).not.toContain(absent.email);
      expect(await queueLink(stack, during.claimId, deputy.approverId)).toMatch(/\/a\//);
      // Outside the range the absent approver is asked again, and nobody as a deputy.
      const afterLevel = await claimsStore().getApprovalRequest(after.claimId, 1);
      expect(afterLevel?.approverIds).toContain(absent.approverId);
      expect(afterLevel?.approverIds).toContain(deputy.approverId);
      expect(await queueLink(stack, after.claimId, absent.approverId)).toMatch(/\/a\//);
      const afterMails = emailsTo(await outbox(after.claimId), 1);
      expect(afterMails).toHaveLength(1);
      expect(afterMails[0]?.text).not.toContain('As deputy for');
      const audit = await new DynamoDelegationsStore(
        documentClient(stack.ddb),
        stack.runtime.tables.registry,
      ).history(absent.approverId);
      expect(audit.map((e) => e.action)).toEqual(['deputy-set', 'deputy-set', 'deputy-removed']);
      expect(audit[1]?.before).toMatchObject({ deputyApproverId: deputy.approverId, from: today });
      expect(audit[1]?.after).toMatchObject({ from: '2020-01-01', to: '2020-01-31' });
      expect(audit[2]?.after).toBeNull();
    });
  });

  describe('a restart while a level is open', () => {
    it('sends neither the links nor the reminder twice, and the first link still pays', async () => {
      // Prepare: a version whose levels remind after a day (on the test's clock) and escalate only after 30 days: the
      // restart resumes the reminder's wait with the deadline it had.
      const current = programInForce('skill-boost', beijingDate(new Date()));
      if (current === null) throw new Error('no skill-boost version');
      const added = await fetch(`${stack.runtime.apiUrl}/programs/skill-boost/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await admin()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...current,
          version: 'restart-test',
          effectiveFrom: beijingDate(new Date(Date.now() - 50 * 86_400_000)),
          approvalTimeouts: { remindAfterSeconds: 86_400, escalateAfterSeconds: 30 * 86_400 },
        }),
      });
      expect(added.status).toBeLessThan(300);
      const member = members[5];
      if (member === undefined) throw new Error('no member');
      const { api: firstApi, claimId } = await submit(member.memberId);
      await firstApi.waitFor(claimId, ['AWAITING_APPROVAL']);
      const link = await approvalLink(stack.runtime.outboxDir, claimId, 1);
      // Restart once the reminder is recorded as sent.
      await letLevelRunOut(claimId, 1, undefined, 'reminded');
      const before = await outbox(claimId);
      // Act
      await stack.restart();
      // The execution resumes where it stood: waiting in RemindApprovers on the same token, its function
      // not invoked again (so nothing can be sent twice).
      const executionArn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
      await until('the execution to wait in RemindApprovers again', async () =>
        stack.runtime.engine.waitingOn(executionArn) === 'RemindApprovers' ? true : undefined,
      );
      const { events = [] } = await stack.runtime.engine.getExecutionHistory({
        executionArn,
        maxResults: 1000,
      });
      const redriven = events.findIndex((e) => e.type === 'ExecutionRedriven');
      expect(redriven).toBeGreaterThan(0);
      expect(events.slice(redriven + 1).map((e) => e.stateEnteredEventDetails?.name ?? e.type)[0]).toBe(
        'RemindApprovers',
      );
      const afterRestart = await outbox(claimId);
      // The restarted API listens on another port: the same link, on the new origin.
      const decided = await post(link.replace(/^https?:\/\/[^/]+/, stack.runtime.apiUrl), 'approve');
      const api = apiClient(
        stack.runtime.apiUrl,
        await stack.token(['member'], { memberId: member.memberId }),
      );
      const claim = await api.waitFor(claimId, ['PAID']);
      // Assess
      expect(emailsTo(afterRestart, 1).length).toBe(emailsTo(before, 1).length);
      expect(remindersOf(afterRestart).length).toBe(remindersOf(before).length);
      expect(decided.status).toBe(200);
      const actions = (claim.timeline as { action: string }[]).map((e) => e.action);
      expect(actions.filter((a) => a === 'approval-reminded-level-1')).toHaveLength(1);
    });
  });

  describe('a claim nobody decides at any tier (short program timeouts, run out on the test clock)', () => {
    it('escalates grassroots → district → city, then ends FAILED: no decision at the city federation', async () => {
      // Prepare: a skill-boost version whose levels remind after 72 minutes and escalate after 144
      const current = programInForce('skill-boost', beijingDate(new Date()));
      if (current === null) throw new Error('no skill-boost version');
      const effectiveFrom = beijingDate(new Date(Date.now() - 40 * 86_400_000));
      const added = await fetch(`${stack.runtime.apiUrl}/programs/skill-boost/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await admin()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...current,
          version: 'routing-test',
          effectiveFrom,
          approvalTimeouts: { remindAfterSeconds: 4320, escalateAfterSeconds: 8640 },
        }),
      });
      expect(added.status).toBeLessThan(300);
      const member = members[6];
      if (member === undefined) throw new Error('no member');
      // Act
      const { api, claimId } = await submit(member.memberId);
      const timeouts = { remindAfterSeconds: 4320, escalateAfterSeconds: 8640 };
      for (const level of [1, 2, 3]) await letLevelRunOut(claimId, level, timeouts);
      const claim = await api.waitFor(claimId, ['FAILED', 'PAID', 'REJECTED']);
      // Assess
      expect(claim.status).toBe('FAILED');
      const timeline = claim.timeline as { action: string; reason: string; to: string }[];
      const actions = timeline.map((e) => e.action);
      expect(actions).toContain('approval-escalated-level-1');
      expect(actions).toContain('approval-escalated-level-2');
      expect(timeline.at(-1)?.reason).toBe('no decision at the city federation');
      const levels = new Set(emailsTo(await outbox(claimId), 3).map((m) => m.to.split('@')[1]));
      expect(levels).toEqual(new Set(['bj.union.example']));
    });
  });
});
