import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { assignmentOrder } from '../../functions/domain/assignment.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { storeAwaitingApproval, validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import {
  apiClient,
  approvalLink,
  type OutboxMessage,
  outboxFor,
  postDecision,
  queueLink,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';

function approver(approverId: string) {
  const found = demo.approvers.find((a) => a.approverId === approverId);
  if (found === undefined) throw new Error(`no demo approver ${approverId}`);
  return found;
}

const openingEmails = (messages: OutboxMessage[]) =>
  messages.filter(
    (m) => m.channel === 'email' && m.text.includes('Approval level 1 of') && !m.subject.includes('Reminder'),
  );

/**
 * Each approval level is assigned to one of its routed approvers, who alone is e-mailed when it opens;
 * the others decide from their queue (GET /approvals). Real DynamoDB Local, the real ASL engine.
 */
describe('one assigned approver e-mailed when a level opens', () => {
  let stack: TestStack;
  let evidence = 0;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const claimsStore = () =>
    new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );

  async function submit(memberId: string) {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    evidence += 1;
    const res = await api.submit(
      validSubmission({
        memberId,
        evidence: [{ kind: 'certificate', number: `JS-ASSIGN-${Date.now()}-${evidence}` }],
      }),
    );
    expect(res.status).toBe(202);
    return { api, claimId: String(res.body.claimId) };
  }

  interface QueueRow {
    claimId: string;
    level: number;
    assignedToYou: boolean;
    assignedTo: { approverId: string; name: string } | null;
  }

  /** An approver's queue, GET /approvals signed in as them. */
  async function queueOf(approverId: string): Promise<QueueRow[]> {
    const res = await fetch(`${stack.runtime.apiUrl}/approvals`, {
      headers: {
        authorization: `Bearer ${await stack.token(['staff'], { sub: approverId, approverId })}`,
      },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { pending: QueueRow[] }).pending;
  }

  /** A level of BJ-HD-001 opened `hoursAgo`, assigned to `assignedTo` (absent: before assignment). */
  const storeWaiting = (hoursAgo: number, assignedTo?: string) =>
    storeAwaitingApproval(claimsStore(), {
      openedAt: new Date(Date.now() - hoursAgo * 3_600_000),
      ...(assignedTo === undefined ? {} : { assignedTo }),
    });

  async function notifiedLevel(claimId: string) {
    return until(`level 1 of ${claimId} to be notified`, async () => {
      const level = await claimsStore().getApprovalRequest(claimId, 1);
      return level?.notified === true ? level : undefined;
    });
  }

  it('(a) e-mails only the assigned approver; another approver decides from GET /approvals and the claim is paid', async () => {
    // Prepare
    const member = claimants((m) => m.unitCode === 'BJ-HD-001')[0];
    if (member === undefined) throw new Error('no member of BJ-HD-001');
    // Act
    const { api, claimId } = await submit(member.memberId);
    const emailed = await approvalLink(stack.runtime.outboxDir, claimId, 1);
    const level = await notifiedLevel(claimId);
    const other = level.approverIds.find((id) => id !== level.assignedTo);
    if (other === undefined) throw new Error('only one approver routed');
    const fromQueue = await queueLink(stack, claimId, other, 1);
    const decided = await postDecision(fromQueue, { decision: 'approve', reason: '同意' });
    const claim = await api.waitFor(claimId, ['PAID']);
    // Assess: one e-mail, to the approver the rule assigns among those routed; the other had none.
    expect(level.assignedTo).toBe(assignmentOrder(claimId, 1, level.approverIds)[0]);
    const opening = openingEmails(await outboxFor(stack.runtime.outboxDir, claimId));
    expect(opening.map((m) => m.to)).toEqual([approver(level.assignedTo ?? '').email]);
    expect(opening[0]?.links).toEqual([emailed]);
    expect(opening.map((m) => m.to)).not.toContain(approver(other).email);
    expect(fromQueue).not.toBe(emailed);
    expect(decided.status).toBe(200);
    const timeline = claim.timeline as { action: string; reason: string; actor?: { id?: string } }[];
    expect(timeline.find((e) => e.action === 'approval-requested-level-1')?.reason).toBe(
      `level 1: ${level.assignedTo} of BJ-HD-001 asked; ${level.approverIds.length} approver(s) may decide`,
    );
    const decision = (await claimsStore().getApprovalRequest(claimId, 1))?.decision;
    expect(decision?.approverId).toBe(other);
    expect(claim.status).toBe('PAID');
  });

  it("(e) each approver's queue says whose claim it is: assigned to them, or sent to a colleague by name", async () => {
    // Prepare
    const member = claimants((m) => m.unitCode === 'BJ-HD-001')[1];
    if (member === undefined) throw new Error('no second member of BJ-HD-001');
    const { claimId } = await submit(member.memberId);
    const level = await notifiedLevel(claimId);
    const assigned = level.assignedTo;
    const other = level.approverIds.find((id) => id !== assigned);
    if (assigned === undefined || other === undefined) throw new Error('no assigned and other approver');
    await queueLink(stack, claimId, other, 1);
    // Act
    const [mine, theirs] = await Promise.all([queueOf(assigned), queueOf(other)]);
    // Assess: the same level, assigned to one and sent first to them by name for the other.
    const sentTo = { approverId: assigned, name: approver(assigned).name };
    expect(mine.find((p) => p.claimId === claimId)).toMatchObject({
      assignedToYou: true,
      assignedTo: sentTo,
    });
    expect(theirs.find((p) => p.claimId === claimId)).toMatchObject({
      assignedToYou: false,
      assignedTo: sentTo,
    });
  });

  it('(f) the queue lists the levels assigned to the caller first, then the others, each oldest first', async () => {
    // Prepare: levels of BJ-HD-001 opened at different times, assigned to the caller, to the colleague,
    // or before assignment (stored in an order that is neither).
    const me = 'A-BJ-HD-001-2';
    const colleague = 'A-BJ-HD-001-1';
    const theirsOld = await storeWaiting(5, colleague);
    const mineNew = await storeWaiting(1, me);
    const before = await storeWaiting(4);
    const mineOld = await storeWaiting(3, me);
    const theirsNew = await storeWaiting(2, colleague);
    const seeded = new Set([theirsOld, mineNew, before, mineOld, theirsNew]);
    // Act
    const queue = (await queueOf(me)).filter((p) => seeded.has(p.claimId));
    // Assess
    expect(queue.map((p) => p.claimId)).toEqual([mineOld, mineNew, theirsOld, before, theirsNew]);
    expect(queue.map((p) => p.assignedToYou)).toEqual([true, true, false, false, false]);
    expect(queue.find((p) => p.claimId === before)?.assignedTo).toBeNull();
    expect(queue.find((p) => p.claimId === theirsOld)?.assignedTo).toEqual({
      approverId: colleague,
      name: approver(colleague).name,
    });
  });

  it('(d) e-mails the deputy standing in for an absent approver, never the absent one', async () => {
    // Prepare: the first approver of another grassroots unit is on leave today; their colleague stands in.
    const unit = demo.units.find(
      (u) =>
        u.tier === 'grassroots' &&
        u.code !== 'BJ-HD-001' &&
        claimants((m) => m.unitCode === u.code).length > 0,
    );
    if (unit === undefined) throw new Error('no other grassroots unit');
    const absent = approver(`A-${unit.code}-1`);
    const deputy = approver(`A-${unit.code}-2`);
    const today = beijingDate(new Date());
    const set = await fetch(`${stack.runtime.apiUrl}/approvers/${absent.approverId}/deputy`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await stack.token(['admin'], { sub: 'admin-test' })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        deputyApproverId: deputy.approverId,
        from: today,
        to: today,
        reason: '休假 on leave',
      }),
    });
    expect(set.status).toBe(200);
    const member = claimants((m) => m.unitCode === unit.code)[0];
    if (member === undefined) throw new Error(`no member of ${unit.code}`);
    // Act
    const { api, claimId } = await submit(member.memberId);
    const link = await approvalLink(stack.runtime.outboxDir, claimId, 1);
    const level = await notifiedLevel(claimId);
    const absentQueue = await fetch(`${stack.runtime.apiUrl}/approvals`, {
      headers: {
        authorization: `Bearer ${await stack.token(['staff'], { sub: absent.approverId, approverId: absent.approverId })}`,
      },
    });
    const decided = await postDecision(link, { decision: 'approve', reason: '同意' });
    await api.waitFor(claimId, ['PAID']);
    // Assess: the level is assigned to the deputy, whose e-mail says for whom they decide.
    expect(level.approverIds).toEqual([deputy.approverId]);
    expect(level.assignedTo).toBe(deputy.approverId);
    const opening = openingEmails(await outboxFor(stack.runtime.outboxDir, claimId));
    expect(opening.map((m) => m.to)).toEqual([deputy.email]);
    expect(opening[0]?.text).toContain(`As deputy for ${absent.name}`);
    expect(absentQueue.status).toBe(200);
    const { pending } = (await absentQueue.json()) as { pending: { claimId: string }[] };
    expect(pending.map((p) => p.claimId)).not.toContain(claimId);
    expect(decided.status).toBe(200);
  });
});
