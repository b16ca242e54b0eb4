import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetsStore } from '../../functions/adapters/dynamodb/budgets-store.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { OutboxNotifier } from '../../functions/adapters/notify/outbox-notifier.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { payoutIdOf } from '../../functions/domain/payments/payout-ref.ts';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { cutBatch } from '../../functions/usecases/payment-batches.ts';
import { DEMO_MEMBER_ID, DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { CLI_IDENTITY, type PaymentsCliDeps, paymentsCommand } from '../../infra/local/payments-cli.ts';
import { storeImportedClaim, validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { provideDocuments } from '../support/documents.ts';
import {
  type ApiClient,
  apiClient,
  approvalLink,
  decideAllLevels,
  outboxFor,
  postDecision,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

const HASH_KEY = 'local-only-pii-hash-key';
const activeMembersOf = (unitCode: string) => claimants((m) => m.unitCode === unitCode);
const district = demo.units.find((u) => u.code === DEMO_MEMBER_UNIT_CODE)?.parentCode ?? '';

/**
 * Every state in which a claim waits survives a clean stop and a kill -9 of the runtime unchanged (same
 * status, same links, no new messages), because the local endpoint resumes each execution where it stood,
 * waiting on the same task token; then it ends as it would have without the restarts.
 */
describe('waiting claims across restarts (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let admin: ApiClient;
  let adminToken: string;

  beforeAll(async () => {
    stack = await startTestStack();
    adminToken = await stack.token(['admin']);
    admin = apiClient(stack.runtime.apiUrl, adminToken);
  });
  afterAll(async () => {
    await stack.close();
  });

  /** A claim's execution: named by the claim (`<claimId>`), or by its payout round (`<claimId>-pay2`). */
  const executionArn = (execution: string) =>
    `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${execution}`;
  /** A link from the outbox, on the origin of the runtime now running (a restart listens on another port). */
  const current = (link: string) => link.replace(/^https?:\/\/[^/]+/, stack.runtime.apiUrl);

  /** What must not change across a restart: status, approval level, timeline length, messages sent. */
  async function snapshot(claimId: string) {
    admin = apiClient(stack.runtime.apiUrl, adminToken);
    const claim = (await admin.claim(claimId)).body;
    return {
      status: claim.status,
      approval: claim.approval ?? null,
      events: (claim.timeline as unknown[]).length,
      messages: (await outboxFor(stack.runtime.outboxDir, claimId)).length,
    };
  }

  /** The execution waits in `state` and that state's function has finished (its messages are out). */
  async function parked(execution: string, state: string) {
    await expect
      .poll(
        async () => {
          const { events = [] } = await stack.runtime.engine.getExecutionHistory({
            executionArn: executionArn(execution),
            reverseOrder: true,
            maxResults: 1,
          });
          return `${stack.runtime.engine.waitingOn(executionArn(execution))} ${events[0]?.type}`;
        },
        { timeout: 20_000 },
      )
      .toBe(`${state} TaskSubmitted`);
  }

  /**
   * A clean stop and a kill -9 (each followed by a start), with the execution waiting again after each;
   * `execution` names it when it is not the claim's first (a payout round: `<claimId>-pay2`).
   */
  async function bothRestarts(claimId: string, waitingIn: string, execution = claimId) {
    await parked(execution, waitingIn);
    const before = await snapshot(claimId);
    for (const restart of [() => stack.restart(), () => stack.crash()]) {
      await restart();
      expect(stack.runtime.recovered.redriven).toContain(executionArn(execution));
      await expect
        .poll(() => stack.runtime.engine.waitingOn(executionArn(execution)), { timeout: 20_000 })
        .toBe(waitingIn);
      expect(await snapshot(claimId)).toEqual(before);
    }
  }

  async function linkState(link: string): Promise<unknown> {
    const res = await fetch(current(link), { headers: { accept: 'application/json' } });
    return ((await res.json()) as { state?: unknown }).state;
  }

  async function payoutRecords(claimId: string): Promise<number> {
    const out = await stack.ddb.send(
      new QueryCommand({
        TableName: stack.runtime.tables.claims,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :payout)',
        ExpressionAttributeValues: { ':pk': { S: `CLAIM#${claimId}` }, ':payout': { S: 'PAYOUT' } },
      }),
    );
    return out.Count ?? 0;
  }

  it('waits at every approval tier and in AWAITING_FUNDS through restarts, then pays once', async () => {
    // Prepare: a death benefit (three approval tiers) in a unit whose budget cannot pay it yet.
    const member = activeMembersOf('BJ-CY-001')[0];
    if (member === undefined) throw new Error('demo data changed');
    const year = budgetYear(new Date());
    await stack.registry.putAll({
      budgets: [
        { unitCode: 'BJ-CY-001', programId: 'accident-protection', year, allocatedFen: 100_00, paidFen: 0 },
      ],
    });
    const submitted = await admin.submit(
      validSubmission({
        memberId: member.memberId,
        program: 'accident-protection',
        benefit: 'death',
        payee: { name: member.name, bankName: '中国工商银行', accountNumber: '6222020200112233445' },
        evidence: [{ kind: 'death-certificate', number: 'SW-RESUME-0001' }],
      }),
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const claimId = String(submitted.body.claimId);
    // The death benefit requires its documents: they are uploaded, and the claim goes to approval.
    await provideDocuments(stack, admin, claimId);
    await admin.waitFor(claimId, ['AWAITING_APPROVAL']);

    // Act + Assess: at each tier, restarts change nothing and the same link decides.
    const levels: number[] = [];
    for (let level = 1; ; level++) {
      const link = await approvalLink(stack.runtime.outboxDir, claimId, level);
      await bothRestarts(claimId, 'RequestApproval');
      expect(await linkState(link)).toBe('pending');
      const decided = await postDecision(current(link), { decision: 'approve', reason: '同意' });
      expect(decided.status).toBe(200);
      levels.push(level);
      const claim = await admin.waitFor(claimId, ['AWAITING_FUNDS', 'AWAITING_APPROVAL']);
      if (claim.status === 'AWAITING_FUNDS') break;
    }
    expect(levels).toEqual([1, 2, 3]);
    await bothRestarts(claimId, 'AwaitFunds');
    const raise = await fetch(`${stack.runtime.apiUrl}/budgets/BJ-CY-001/${year}/accident-protection`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ allocatedFen: 1_000_000_00, reason: '追加预算' }),
    });
    expect(raise.status).toBe(200);
    const paid = await admin.waitFor(claimId, ['PAID']);
    expect(await payoutRecords(claimId)).toBe(1);
    expect((paid.timeline as { action: string }[]).filter((e) => e.action === 'paid')).toHaveLength(1);
  });

  it('waits in AWAITING_CORRECTION through restarts; the ticket resolves it and it pays', async () => {
    // Prepare: a name that differs from the registry's opens a correction ticket. (A member of their own:
    // the registry is corrected to that name, and the payee is the member under it.)
    const member = activeMembersOf(DEMO_MEMBER_UNIT_CODE).find((m) => m.memberId !== DEMO_MEMBER_ID);
    if (member === undefined) throw new Error('demo data changed');
    const submitted = await admin.submit(
      validSubmission({
        memberId: member.memberId,
        memberName: '李四不对',
        payee: { name: '李四不对', bankName: '中国工商银行', accountNumber: '6222020200112233446' },
        evidence: [{ kind: 'certificate', number: 'JS-RESUME-CORRECT' }],
      }),
    );
    const claimId = String(submitted.body.claimId);
    await admin.waitFor(claimId, ['AWAITING_CORRECTION']);

    // Act: restarts while it waits; then the union corrects the registry and resolves the ticket.
    await bothRestarts(claimId, 'RequestCorrection');
    await stack.registry.putAll({ members: [{ ...member, name: '李四不对' }] });
    const staff = await stack.token(['staff'], { unitCode: member.unitCode });
    const tickets = await fetch(`${stack.runtime.apiUrl}/tickets`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    const ticket = (
      (await tickets.json()) as { tickets: { ticketId: string; claimId: string }[] }
    ).tickets.find((t) => t.claimId === claimId);
    const resolved = await fetch(`${stack.runtime.apiUrl}/tickets/${ticket?.ticketId}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'corrected', reason: '姓名已按户籍更正' }),
    });

    // Assess
    expect(resolved.status).toBe(200);
    await admin.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(admin, stack.runtime.outboxDir, claimId);
    await admin.waitFor(claimId, ['PAID']);
    expect(await payoutRecords(claimId)).toBe(1);
  });

  it('a claim ON_HOLD stays held through restarts (never FAILED), and pays once its flags are cleared', async () => {
    // Prepare: a paid claim from the paper records with the same certificate; the scan flags the new one.
    const claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    const certificate = 'JS-2025-110108-8888';
    const earlier = activeMembersOf(DEMO_MEMBER_UNIT_CODE)[1];
    if (earlier === undefined) throw new Error('demo data changed');
    const at = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const seededId = 'C01RESUMEHELDPAID0000000001';
    await storeImportedClaim(claims, {
      claimId: seededId,
      memberId: earlier.memberId,
      unit: demo.units.find((u) => u.code === DEMO_MEMBER_UNIT_CODE) ?? null,
      at,
      certificate,
      accountNumber: '6217000010091234567',
    });
    const submitted = await admin.submit(
      validSubmission({ memberId: DEMO_MEMBER_ID, evidence: [{ kind: 'certificate', number: certificate }] }),
    );
    const claimId = String(submitted.body.claimId);
    await admin.waitFor(claimId, ['AWAITING_APPROVAL']);
    await scanTables(stack.ddb, stack.runtime.tables, { hashKey: HASH_KEY, overlapMs: 0 });
    await decideAllLevels(admin, stack.runtime.outboxDir, claimId);
    await admin.waitFor(claimId, ['ON_HOLD']);

    // Act
    await bothRestarts(claimId, 'AwaitRelease');
    const districtStaff = await stack.token(['staff'], { unitCode: district, sub: 'staff-district' });
    const open = await fetch(`${stack.runtime.apiUrl}/fraud/flags?state=OPEN`, {
      headers: { authorization: `Bearer ${districtStaff}` },
    });
    const flags = ((await open.json()) as { flags: { claimId: string; flagId: string }[] }).flags.filter(
      (f) => f.claimId === claimId,
    );
    for (const flag of flags) {
      const cleared = await fetch(`${stack.runtime.apiUrl}/fraud/flags/${claimId}/${flag.flagId}/clear`, {
        method: 'POST',
        headers: { authorization: `Bearer ${districtStaff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: '已核实为本人证书' }),
      });
      expect(cleared.status).toBe(200);
    }

    // Assess
    expect(flags.length).toBeGreaterThan(0);
    const paid = await admin.waitFor(claimId, ['PAID']);
    expect((paid.timeline as { to: string }[]).some((e) => e.to === 'FAILED')).toBe(false);
    expect(await payoutRecords(claimId)).toBe(1);
  });
  it('a second payout round waiting for funds survives restarts, then pays once', async () => {
    // Prepare: a claim of a unit whose skill-boost budget this test controls, approved and paid (round 1).
    const unitCode = 'BJ-CY-001';
    const member = activeMembersOf(unitCode)[1];
    if (member === undefined) throw new Error('demo data changed');
    const year = budgetYear(new Date());
    const doc = documentClient(stack.ddb);
    const budgets = new DynamoBudgetsStore(doc, stack.runtime.tables.registry);
    const claims = new DynamoClaimsStore(doc, stack.runtime.tables.claims, stack.runtime.tables.registry);
    const payments = new DynamoPaymentsStore(doc, stack.runtime.tables.claims);
    const budget = () => budgets.get(unitCode, 'skill-boost', year);
    const setAllocation = (allocatedFen: number, reason: string) =>
      fetch(`${stack.runtime.apiUrl}/budgets/${unitCode}/${year}/skill-boost`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ allocatedFen, reason }),
      });
    await stack.registry.putAll({
      budgets: [{ unitCode, programId: 'skill-boost', year, allocatedFen: 10_000_00, paidFen: 0 }],
    });
    const submitted = await admin.submit(
      validSubmission({
        memberId: member.memberId,
        payee: { name: member.name, bankName: '中国工商银行', accountNumber: '6222020200112239901' },
        evidence: [{ kind: 'certificate', number: 'JS-RESUME-PAY2' }],
      }),
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const claimId = String(submitted.body.claimId);
    await admin.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(admin, stack.runtime.outboxDir, claimId);
    const firstPaid = await admin.waitFor(claimId, ['PAID']);
    const amountFen = (firstPaid.amounts as { paidFen: number }).paidFen;

    // The bank (its channel: the payments command line) returns the payout of the day's batch.
    const cli: PaymentsCliDeps = {
      claims,
      budgets,
      payments,
      registry: stack.registry,
      feedback: new DynamoFeedbackStore(doc, stack.runtime.tables.claims),
      notifier: new OutboxNotifier(stack.runtime.outboxDir, () => undefined),
      now: () => new Date(),
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'resume-test-link-key',
      payeeKey: async () => (await localKeys(stack.dataDir)).keys.payeeAccountHash,
    };
    await cutBatch(cli, { identity: CLI_IDENTITY, body: { unitCode, date: beijingDate(new Date()) } });
    const file = join(stack.dataDir, 'bank-resume-pay2.csv');
    await writeFile(
      file,
      `付款编号,金额,结果,原因\r\n${payoutIdOf(claimId, 1)},${(amountFen / 100).toFixed(2)},RETURNED,户名不符\r\n`,
    );
    const reconciled = await paymentsCommand(cli, { kind: 'reconcile', file });
    expect(reconciled.exitCode, reconciled.lines.join('\n')).toBe(0);
    await admin.waitFor(claimId, ['PAYOUT_RETURNED']);

    // The budget is cut to what it has paid: the next round cannot be paid yet.
    const cut = await setAllocation((await budget())?.paidFen ?? 0, '年中调整');
    expect(cut.status).toBe(200);
    expect(await cut.json()).toMatchObject({ availableFen: 0 });

    // Act: the member corrects the payee (their own change takes effect at once); round 2 waits for funds.
    const memberToken = await stack.token(['member'], { memberId: member.memberId });
    const corrected = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/payee`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${memberToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: member.name,
        bankName: '中国建设银行北京朝阳支行',
        accountNumber: '6217000010001239902',
      }),
    });
    expect(corrected.status).toBe(202);
    expect(await corrected.json()).toMatchObject({ status: 'APPROVED', payoutRound: 2 });
    await admin.waitFor(claimId, ['AWAITING_FUNDS']);
    const budgetWaiting = await budget();
    await bothRestarts(claimId, 'AwaitFunds', `${claimId}-pay2`);

    // Assess: still waiting in round 2, nothing paid twice, the budget untouched.
    const waiting = (await admin.claim(claimId)).body;
    const waitingTimeline = waiting.timeline as { action: string; reason: string }[];
    expect(waiting.status).toBe('AWAITING_FUNDS');
    expect(waiting.amounts).toEqual({ approvedFen: amountFen, paidFen: null });
    expect(waitingTimeline.find((e) => e.action === 'payee-corrected')?.reason).toContain('(round 2)');
    expect(waitingTimeline.filter((e) => e.action === 'paid')).toHaveLength(1);
    expect(await payoutRecords(claimId)).toBe(1);
    expect(await payments.getPayout(payoutIdOf(claimId, 2))).toBeNull();
    expect(await budget()).toEqual(budgetWaiting);

    // Act: the budget is raised; the waiting round goes on.
    const raised = await setAllocation(10_000_00, '追加预算');
    expect(raised.status).toBe(200);
    const paid = await admin.waitFor(claimId, ['PAID']);

    // Assess: two payout records (one per round), one `paid` event per round.
    expect(paid.amounts).toEqual({ approvedFen: amountFen, paidFen: amountFen });
    expect(await payoutRecords(claimId)).toBe(2);
    expect(await payments.getPayout(payoutIdOf(claimId, 1))).toMatchObject({ status: 'RETURNED' });
    expect(await payments.getPayout(payoutIdOf(claimId, 2))).toMatchObject({ amountFen, status: 'PENDING' });
    const paidEvents = (paid.timeline as { action: string; payoutId?: string }[]).filter(
      (e) => e.action === 'paid',
    );
    expect(paidEvents.map((e) => e.payoutId)).toEqual([payoutIdOf(claimId, 1), payoutIdOf(claimId, 2)]);
    expect((await budget())?.paidFen).toBe((budgetWaiting?.paidFen ?? 0) + amountFen);
  });
});
