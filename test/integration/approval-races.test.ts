import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIdp } from '../../infra/local/local-idp.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { demo } from '../fixtures/demo.ts';
import {
  apiClient,
  approvalLink,
  outboxFor,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

/** The link's form token, as a script gets it: GET with `Accept: application/json`. */
async function csrfOf(link: string): Promise<string> {
  const res = await fetch(link, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrf?: unknown };
  if (typeof body.csrf !== 'string') throw new Error(`no csrf token from ${link}`);
  return body.csrf;
}

describe('approval links under load (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function submitted(evidenceNumber: string) {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const res = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: evidenceNumber }] }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    return { api, claimId };
  }

  describe('POST /a/{linkId}', () => {
    it('records exactly one decision out of fifty concurrent POSTs, and pays once', async () => {
      // Prepare
      const { api, claimId } = await submitted('JS-RACE-50');
      const link = await approvalLink(stack.runtime.outboxDir, claimId);
      const csrf = await csrfOf(link);

      // Act
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(link, {
            method: 'POST',
            headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ decision: 'approve', reason: `race ${i}`, csrf }),
          }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      const claim = await api.waitFor(claimId, ['PAID']);

      // Assess
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      // The member's SMS notices (member-notified-*) keep the status; they are not state changes.
      const timeline = (claim.timeline as { to: string; action: string; actor: { kind: string } }[]).filter(
        (e) => !e.action.startsWith('member-notified-'),
      );
      expect(timeline.filter((e) => e.actor.kind === 'approver')).toHaveLength(1);
      expect(timeline.filter((e) => e.to === 'APPROVED')).toHaveLength(1);
      expect(timeline.filter((e) => e.to === 'PAID')).toHaveLength(1);
      expect(claim.amounts).toEqual({ approvedFen: 1000_00, paidFen: 1000_00 });
    });

    it('refuses a POST without the form token with 403 and records nothing', async () => {
      const { api, claimId } = await submitted('JS-RACE-CSRF');
      const link = await approvalLink(stack.runtime.outboxDir, claimId);

      const res = await fetch(link, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });

      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await api.claim(claimId)).body.status).toBe('AWAITING_APPROVAL');
    });
  });

  describe('GET /approvals', () => {
    it("lists the caller's open approval requests with their links, and drops decided ones", async () => {
      // Prepare: the approvers of the demo member's unit are asked about a new claim.
      const { claimId } = await submitted('JS-PENDING-1');
      // (The member's own SMS comes first; wait for the approvers' e-mails.)
      await expect
        .poll(
          async () =>
            (await outboxFor(stack.runtime.outboxDir, claimId)).filter((m) => m.channel === 'email').length,
        )
        .toBeGreaterThan(0);
      const messages = await outboxFor(stack.runtime.outboxDir, claimId);
      const approver = demo.approvers.find(
        (a) => a.unitCode === 'BJ-HD-001' && messages.some((m) => m.to === a.email),
      );
      if (approver === undefined) throw new Error('no approver of BJ-HD-001 was e-mailed');
      const token = await (await localIdp(stack.dataDir)).sign({
        sub: approver.approverId,
        roles: ['staff'],
        unitCode: approver.unitCode,
        approverId: approver.approverId,
      });
      const list = async () => {
        const res = await fetch(`${stack.runtime.apiUrl}/approvals`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(200);
        return (await res.json()) as { approverId: string; pending: { claimId: string; linkUrl: string }[] };
      };

      // Act
      const before = await list();
      const mine = before.pending.find((p) => p.claimId === claimId);
      const csrf = mine === undefined ? '' : await csrfOf(mine.linkUrl);
      const decided =
        mine === undefined
          ? null
          : await fetch(mine.linkUrl, {
              method: 'POST',
              headers: { accept: 'application/json' },
              body: new URLSearchParams({ decision: 'approve', csrf }),
            });
      await expect.poll(async () => (await list()).pending.some((p) => p.claimId === claimId)).toBe(false);
      const anonymous = await fetch(`${stack.runtime.apiUrl}/approvals`);
      const noApprover = await fetch(`${stack.runtime.apiUrl}/approvals`, {
        headers: { authorization: `Bearer ${await stack.token(['member'], { memberId: 'M000001' })}` },
      });

      // Assess
      expect(before.approverId).toBe(approver.approverId);
      expect(mine).toMatchObject({ claimId, program: 'skill-boost', amountFen: 1000_00, level: 1 });
      expect(mine?.linkUrl).toMatch(new RegExp(`^${stack.runtime.apiUrl}/a/[0-9A-Za-z]{22}$`));
      expect(decided?.status).toBe(200);
      expect(anonymous.status).toBe(401);
      expect(noApprover.status).toBe(403);
    });
  });
});
