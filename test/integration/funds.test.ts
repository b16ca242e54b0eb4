import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetsStore } from '../../functions/adapters/dynamodb/budgets-store.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFundsQueue } from '../../functions/adapters/dynamodb/funds-queue.ts';
import { isTransient } from '../../functions/step/step-errors.ts';
import { awaitFunds, fundsTimedOut, NO_FUNDS_REASON } from '../../functions/usecases/awaiting-funds.ts';
import { budgetYear, wakeWaiting } from '../../functions/usecases/ledger.ts';
import { type PayoutStepOutput, payout } from '../../functions/usecases/payout.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { storeApprovedClaim, validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

const UNIT = 'BJ-HD-001';
const AMOUNT = 1000_00;

describe('payout under concurrency and AWAITING_FUNDS (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let deps: Parameters<typeof payout>[0];
  let claims: DynamoClaimsStore;
  let budgets: DynamoBudgetsStore;
  const sent: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const doc = documentClient(stack.ddb);
    const { tables } = stack.runtime;
    claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    budgets = new DynamoBudgetsStore(doc, tables.registry);
    deps = {
      claims,
      budgets,
      fundsQueue: new DynamoFundsQueue(doc, tables.claims),
      workflow: {
        startClaim: async () => undefined,
        sendTaskSuccess: async (token) => {
          sent.push(token);
        },
        sendTaskFailure: () => Promise.reject(new Error('not expected')),
      },
      now: () => new Date(),
      payeeKey: async () => (await localKeys(stack.dataDir)).keys.payeeAccountHash,
    };
  });
  afterAll(async () => {
    await stack.close();
  });

  /** An APPROVED skill-boost claim of a member of UNIT, approved in `year` (so it draws on that year's budget). */
  async function approvedClaim(run: string, i: number, year: number): Promise<string> {
    const member = demo.members.filter((m) => m.unitCode === UNIT)[i % 10];
    const unit = demo.units.find((u) => u.code === UNIT);
    if (member === undefined || unit === undefined) throw new Error(`no demo member of ${UNIT}`);
    const claimId = `C01${run}${String(i).padStart(23 - run.length, '0')}`;
    const at = new Date(Date.UTC(year, 5, 1, 0, 0, 0, i)).toISOString();
    return storeApprovedClaim(claims, {
      claimId,
      member,
      unit,
      at,
      amountFen: AMOUNT,
      payee: {
        name: member.name,
        bankName: '中国工商银行',
        accountNumber: '6222020200112233445',
        accountMasked: '6222********3445',
      },
    });
  }

  /** The payout step as the workflow runs it: transient errors (transaction conflicts) are retried. */
  async function payoutStep(claimId: string): Promise<PayoutStepOutput> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await payout(deps, claimId);
      } catch (error) {
        if (!isTransient(error) || attempt > 60) throw error;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
      }
    }
  }

  async function payoutItems(claimId: string): Promise<number> {
    const out = await stack.ddb.send(
      new QueryCommand({
        TableName: stack.runtime.tables.claims,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': { S: `CLAIM#${claimId}` }, ':sk': { S: 'PAYOUT' } },
      }),
    );
    return out.Count ?? 0;
  }

  describe('payout', () => {
    it('pays once when the step runs 10 times at once for one claim', async () => {
      // Prepare
      const year = 2035;
      await stack.registry.putAll({
        budgets: [{ unitCode: UNIT, programId: 'skill-boost', year, allocatedFen: 10 * AMOUNT, paidFen: 0 }],
      });
      const claimId = await approvedClaim('ONCE', 1, year);
      // Act
      const results = await Promise.all(Array.from({ length: 10 }, () => payoutStep(claimId)));
      // Assess
      expect(results.every((r) => r.paid)).toBe(true);
      expect(new Set(results.map((r) => (r.paid ? r.payout.payoutId : '')))).toEqual(
        new Set([`P${claimId.slice(1)}`]),
      );
      expect(await payoutItems(claimId)).toBe(1);
      const events = await claims.timeline(claimId);
      expect(events.filter((e) => e.to === 'PAID')).toHaveLength(1);
      expect(await budgets.get(UNIT, 'skill-boost', year)).toMatchObject({
        paidFen: AMOUNT,
        availableFen: 9 * AMOUNT,
      });
    });

    it('pays exactly 150 of 200 concurrent claims from a budget for 150; 50 wait; the balance ends at zero', async () => {
      // Prepare
      const year = 2036;
      await stack.registry.putAll({
        budgets: [{ unitCode: UNIT, programId: 'skill-boost', year, allocatedFen: 150 * AMOUNT, paidFen: 0 }],
      });
      const ids: string[] = [];
      for (let i = 0; i < 200; i += 50) {
        ids.push(
          ...(await Promise.all(Array.from({ length: 50 }, (_, j) => approvedClaim('CONC', i + j, year)))),
        );
      }
      // Act
      const started = performance.now();
      const results = await Promise.all(ids.map((id) => payoutStep(id)));
      const seconds = (performance.now() - started) / 1000;
      // Assess
      const stored = await Promise.all(ids.map((id) => claims.get(id)));
      const paid = stored.filter((c) => c?.status === 'PAID').length;
      const waiting = stored.filter((c) => c?.status === 'AWAITING_FUNDS').length;
      const budget = await budgets.get(UNIT, 'skill-boost', year);
      const payouts = (await Promise.all(ids.map(payoutItems))).reduce((a, b) => a + b, 0);
      console.log(
        `payout concurrency: ${ids.length} claims of CNY ${AMOUNT / 100} against a budget for 150: ` +
          `${paid} PAID, ${waiting} AWAITING_FUNDS, ${payouts} payout records, final available ` +
          `${budget?.availableFen} fen, ${seconds.toFixed(2)} s`,
      );
      expect(results.filter((r) => r.paid)).toHaveLength(150);
      expect(results.filter((r) => r.waiting)).toHaveLength(50);
      expect(paid).toBe(150);
      expect(waiting).toBe(50);
      expect(payouts).toBe(150);
      expect(budget).toMatchObject({ paidFen: 150 * AMOUNT, availableFen: 0 });
      expect(budget?.availableFen).toBeGreaterThanOrEqual(0);
    });
  });

  describe('the funds queue', () => {
    it('keeps submission order across redrives and resumes only what the budget covers', async () => {
      // Prepare: three claims waiting on an empty budget, registered out of order, one of them twice.
      const year = 2037;
      const key = { unitCode: UNIT, programId: 'skill-boost', year };
      await stack.registry.putAll({ budgets: [{ ...key, allocatedFen: 0, paidFen: 0 }] });
      const ids = await Promise.all([0, 1, 2].map((i) => approvedClaim('QUEUE', i, year)));
      for (const id of ids) expect(await payoutStep(id)).toMatchObject({ paid: false, waiting: true });
      const [c0, c1, c2] = ids as [string, string, string];
      for (const [id, token] of [
        [c2, 't2'],
        [c0, 't0'],
        [c1, 't1'],
        [c0, 't0-redriven'],
      ] as const) {
        await awaitFunds(deps, { claimId: id, taskToken: token });
      }
      const queue = await deps.fundsQueue.list(key);
      expect(queue.map((e) => [e.claimId, e.taskToken])).toEqual([
        [c0, 't0-redriven'],
        [c1, 't1'],
        [c2, 't2'],
      ]);
      expect(sent).not.toContain('t0');
      // Act: the budget covers two.
      await budgets.setAllocation(key, 2 * AMOUNT, {
        at: new Date().toISOString(),
        actor: { kind: 'admin', id: 'test' },
        action: 'budget-set',
        reason: 'raise',
        before: null,
        after: {},
      });
      sent.length = 0;
      expect(await wakeWaiting(deps, key)).toEqual([c0, c1]);
      expect(await wakeWaiting(deps, key)).toEqual([]);
      expect(sent).toEqual(['t0-redriven', 't1']);
      // The resumed claims pay; the third keeps waiting, alone in the queue.
      expect(await payoutStep(c0)).toMatchObject({ paid: true });
      expect(await payoutStep(c1)).toMatchObject({ paid: true });
      expect(await payoutStep(c2)).toMatchObject({ paid: false, waiting: true });
      expect((await deps.fundsQueue.list(key)).map((e) => e.claimId)).toEqual([c2]);
      expect((await claims.get(c2))?.status).toBe('AWAITING_FUNDS');
      expect(await budgets.get(UNIT, 'skill-boost', year)).toMatchObject({
        paidFen: 2 * AMOUNT,
        availableFen: 0,
      });
      // After 90 days without funds (the AwaitFunds timeout) the last one ends FAILED and leaves the queue.
      expect(await fundsTimedOut(deps, { claimId: c2 })).toEqual({ status: 'FAILED' });
      expect((await claims.get(c2))?.failure).toEqual({ error: 'NoFunds', reason: NO_FUNDS_REASON });
      expect(await deps.fundsQueue.list(key)).toEqual([]);
      expect(await payoutItems(c2)).toBe(0);
    });
  });

  describe('AWAITING_FUNDS in the workflow', () => {
    it('resumes the waiting claims of a raised budget in submission order, as far as it covers them', async () => {
      // Prepare: an empty skill-boost budget for a grassroots unit with approvers.
      const eligible = (code: string) => claimants((m) => m.unitCode === code);
      const unitCode = demo.units.find(
        (u) =>
          u.tier === 'grassroots' &&
          u.code !== UNIT &&
          demo.approvers.some((a) => a.unitCode === u.code) &&
          eligible(u.code).length >= 3,
      )?.code;
      const members = unitCode === undefined ? [] : eligible(unitCode).slice(0, 3);
      if (unitCode === undefined || members.length < 3) throw new Error('no unit with three claimants');
      const year = budgetYear(new Date());
      await stack.registry.putAll({
        budgets: [{ unitCode, programId: 'skill-boost', year, allocatedFen: 0, paidFen: 0 }],
      });
      const admin = await stack.token(['admin']);
      const adminApi = apiClient(stack.runtime.apiUrl, admin);
      const ids: string[] = [];
      for (const [i, member] of members.entries()) {
        const res = await adminApi.submit(
          validSubmission({
            memberId: member.memberId,
            payee: { name: member.name, bankName: '中国工商银行', accountNumber: '6222020200112233445' },
            evidence: [{ kind: 'certificate', number: `JS-FUNDS-${i}` }],
          }),
        );
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        const claimId = String(res.body.claimId);
        ids.push(claimId);
        await adminApi.waitFor(claimId, ['AWAITING_APPROVAL']);
        await decideAllLevels(adminApi, stack.runtime.outboxDir, claimId);
        await adminApi.waitFor(claimId, ['AWAITING_FUNDS']);
      }
      const waitingList = async () => {
        const res = await fetch(`${stack.runtime.apiUrl}/budgets/${unitCode}/${year}/skill-boost/waiting`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        return ((await res.json()) as { waiting: { claimId: string }[] }).waiting.map((w) => w.claimId);
      };
      await expect.poll(waitingList).toEqual(ids);
      const setBudget = (allocatedFen: number) =>
        fetch(`${stack.runtime.apiUrl}/budgets/${unitCode}/${year}/skill-boost`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ allocatedFen, reason: '追加预算' }),
        });
      // Act: a raise that covers two of the three.
      expect((await setBudget(2 * AMOUNT)).status).toBe(200);
      // Assess: the two oldest are paid; the newest keeps waiting, first in the queue now.
      const [first, second, third] = ids as [string, string, string];
      await adminApi.waitFor(first, ['PAID']);
      await adminApi.waitFor(second, ['PAID']);
      await expect.poll(waitingList).toEqual([third]);
      expect((await adminApi.claim(third)).body.status).toBe('AWAITING_FUNDS');
      // Act: a raise that covers the third.
      expect((await setBudget(3 * AMOUNT)).status).toBe(200);
      await adminApi.waitFor(third, ['PAID']);
      await expect.poll(waitingList).toEqual([]);
      for (const id of ids) expect(await payoutItems(id)).toBe(1);
      expect(await budgets.get(unitCode, 'skill-boost', year)).toMatchObject({
        paidFen: 3 * AMOUNT,
        committedFen: 0,
        availableFen: 0,
      });
    });
  });
});
