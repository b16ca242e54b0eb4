import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetsStore } from '../../functions/adapters/dynamodb/budgets-store.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { DynamoFundsQueue } from '../../functions/adapters/dynamodb/funds-queue.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { DynamoUsageLedger } from '../../functions/adapters/dynamodb/usage-ledger.ts';
import { OutboxNotifier } from '../../functions/adapters/notify/outbox-notifier.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { CsvParser } from '../../functions/domain/member-import/csv.ts';
import { payoutIdOf } from '../../functions/domain/payments/payout-ref.ts';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { cutBatch } from '../../functions/usecases/payment-batches.ts';
import { payout } from '../../functions/usecases/payout.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { CLI_IDENTITY, type PaymentsCliDeps, paymentsCommand } from '../../infra/local/payments-cli.ts';
import { storeApprovedClaim, validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import {
  apiClient,
  decideAllLevels,
  outboxFor,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

const UNIT = demo.members.find((m) => m.memberId === 'M000001')?.unitCode ?? '';
/** Three active members of the demo member's unit who are not approvers: one claim each. */
const MEMBERS = claimants((m) => m.unitCode === UNIT).slice(0, 3);
const AMOUNT = 1000_00;
const ALLOCATED = 5000_00;

describe('payments to the bank (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let cli: PaymentsCliDeps;
  let claims: DynamoClaimsStore;
  let payments: DynamoPaymentsStore;
  let budgets: DynamoBudgetsStore;
  let usage: DynamoUsageLedger;
  let staffToken: string;
  const year = budgetYear(new Date());
  const today = beijingDate(new Date());
  const claimIds: string[] = [];

  const http = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    type = 'application/json',
  ) => {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      headers: res.headers,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };
  const budget = () => budgets.get(UNIT, 'skill-boost', year);
  const snapshot = async () => ({
    budget: await budget(),
    timelines: await Promise.all(claimIds.map(async (id) => (await claims.timeline(id)).length)),
    payouts: await Promise.all(claimIds.map((id) => payments.getPayout(payoutIdOf(id, 1)))),
  });
  const usedFen = async (memberId: string) =>
    (await usage.snapshot({ memberId, program: 'skill-boost', benefit: 'technician', year })).programFen;

  beforeAll(async () => {
    stack = await startTestStack();
    const doc = documentClient(stack.ddb);
    const { tables, outboxDir } = stack.runtime;
    claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    payments = new DynamoPaymentsStore(doc, tables.claims);
    budgets = new DynamoBudgetsStore(doc, tables.registry);
    usage = new DynamoUsageLedger(doc, tables.claims);
    cli = {
      claims,
      budgets,
      payments,
      registry: stack.registry,
      feedback: new DynamoFeedbackStore(doc, tables.claims),
      notifier: new OutboxNotifier(outboxDir, () => undefined),
      now: () => new Date(),
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'payments-test-link-key',
      payeeKey: async () => (await localKeys(stack.dataDir)).keys.payeeAccountHash,
    };
    staffToken = await stack.token(['staff'], { unitCode: UNIT, sub: 'finance-office' });
    await stack.registry.putAll({
      budgets: [{ unitCode: UNIT, programId: 'skill-boost', year, allocatedFen: ALLOCATED, paidFen: 0 }],
    });
    // Three claims of CNY 1000 each, submitted by their members, approved through the links, paid.
    for (const [i, member] of MEMBERS.entries()) {
      const api = apiClient(
        stack.runtime.apiUrl,
        await stack.token(['member'], { memberId: member.memberId }),
      );
      const submitted = await api.submit(
        validSubmission({
          memberId: member.memberId,
          evidence: [{ kind: 'certificate', number: `PAY-2026-${i}` }],
          payee: {
            name: member.name,
            bankName: '中国工商银行北京海淀支行',
            accountNumber: `62220202001122334${i}0`,
          },
        }),
      );
      expect(submitted.status).toBe(202);
      const claimId = String(submitted.body.claimId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await decideAllLevels(api, outboxDir, claimId);
      await api.waitFor(claimId, ['PAID']);
      claimIds.push(claimId);
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('cuts the day’s batch once: every payout in one batch, the same file on every download, audited', async () => {
    // Act
    const member = await stack.token(['member'], { memberId: MEMBERS[0]?.memberId ?? '' });
    const forbidden = await http('POST', '/payment-batches', member, { unitCode: UNIT, date: today });
    const first = await http('POST', '/payment-batches', staffToken, { unitCode: UNIT, date: today });
    const again = await http('POST', '/payment-batches', staffToken, { unitCode: UNIT, date: today });
    const batch = first.json();
    const file1 = await http('GET', `/payment-batches/${String(batch.batchId)}`, staffToken);
    const file2 = await http('GET', `/payment-batches/${String(batch.batchId)}`, staffToken);
    // Assess
    expect(forbidden.status).toBe(403);
    expect(first.status).toBe(201);
    expect(batch).toMatchObject({
      unitCode: UNIT,
      date: today,
      status: 'cut',
      count: 3,
      totalFen: 3 * AMOUNT,
    });
    expect(batch.batchId).toBe(`B-${UNIT}-${today.replaceAll('-', '')}-01`);
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(batch);
    expect(file1.status).toBe(200);
    expect(file1.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file2.text).toBe(file1.text);
    const parser = new CsvParser();
    const rows = [...parser.push(file1.text.slice(1)), ...parser.end()].map((r) => r.fields);
    expect(rows.slice(1, 4).map((r) => [r[2], r[3], r[6], r[7]])).toEqual(
      claimIds.map((id, i) => [payoutIdOf(id, 1), id, `62220202001122334${i}0`, '1000.00']),
    );
    expect(rows[4]).toEqual(['合计(Total)', String(batch.batchId), '3', '', '', '', '', '3000.00', '']);
    for (const id of claimIds)
      expect((await payments.getPayout(payoutIdOf(id, 1)))?.batchId).toBe(batch.batchId);
    const events = await payments.batchEvents(String(batch.batchId));
    expect(events.map((e) => e.action).sort()).toEqual(['batch-cut', 'batch-downloaded', 'batch-downloaded']);
    expect(events.every((e) => e.actor.id === 'finance-office')).toBe(true);
  });

  it('refuses a line for an unknown payout or another amount, and writes nothing for it', async () => {
    // Prepare
    const [c0, c1] = claimIds;
    const before = await snapshot();
    const file = join(stack.dataDir, 'bank-bad.csv');
    await writeFile(
      file,
      `付款编号,金额,结果,原因\r\n${payoutIdOf(c0 ?? '', 1)},999.99,CONFIRMED,\r\nP01ZZZZZZZZZZZZZZZZZZZZZZZZZ,1000.00,RETURNED,账户不存在\r\n${payoutIdOf(c1 ?? '', 1)},1000.00,退回,\r\n`,
    );
    // Act
    const result = await paymentsCommand(cli, { kind: 'reconcile', file });
    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.lines).toEqual([
      expect.stringMatching(/^row 2 P\S+ REFUSED amount-mismatch: /),
      'row 3 P01ZZZZZZZZZZZZZZZZZZZZZZZZZ REFUSED unknown-payout: no payout P01ZZZZZZZZZZZZZZZZZZZZZZZZZ',
      expect.stringMatching(/^row 4 P\S+ REFUSED missing-reason: /),
      '3 lines: 0 confirmed, 0 returned, 0 unchanged, 3 refused',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('reconciles confirmed and returned lines once: the budget, the annual limit and the member get it back', async () => {
    // Prepare
    const [c0, c1, c2] = claimIds as [string, string, string];
    const returnedMember = MEMBERS[1]?.memberId ?? '';
    const usedBefore = await usedFen(returnedMember);
    const batchFile = await http(
      'GET',
      `/payment-batches/B-${UNIT}-${today.replaceAll('-', '')}-01`,
      staffToken,
    );
    // The bank's result: the batch file with its result columns added, its control line kept.
    const [head = '', l1, l2, l3, total] = batchFile.text.split('\r\n');
    const file = join(stack.dataDir, 'bank-result.csv');
    await writeFile(
      file,
      [
        `${head},结果(Result),原因(Reason)`,
        `${l1},CONFIRMED,`,
        `${l2},RETURNED,账户已销户`,
        `${l3},成功,`,
        `${total},,`,
        '',
      ].join('\r\n'),
    );
    // Act
    const first = await paymentsCommand(cli, { kind: 'reconcile', file });
    const afterFirst = await snapshot();
    const second = await paymentsCommand(cli, { kind: 'reconcile', file });
    // Assess
    expect(first.lines).toEqual([
      `row 2 ${payoutIdOf(c0, 1)} CONFIRMED (claim ${c0}, CNY 1000.00): applied`,
      `row 3 ${payoutIdOf(c1, 1)} RETURNED (claim ${c1}, CNY 1000.00): applied`,
      `row 4 ${payoutIdOf(c2, 1)} CONFIRMED (claim ${c2}, CNY 1000.00): applied`,
      '3 lines: 2 confirmed, 1 returned, 0 unchanged, 0 refused',
    ]);
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(second.lines.at(-1)).toBe('3 lines: 0 confirmed, 0 returned, 3 unchanged, 0 refused');
    expect(await snapshot()).toEqual(afterFirst);
    // Over HTTP: the same file once more changes nothing; staff of another district may not apply it.
    const text = await readFile(file, 'utf8');
    const outsider = await stack.token(['staff'], { unitCode: 'BJ-XC', sub: 'xicheng-finance' });
    const overHttp = await http('POST', '/payment-batches/reconciliations', staffToken, text, 'text/csv');
    const outside = await http('POST', '/payment-batches/reconciliations', outsider, text, 'text/csv');
    const asJson = await http('POST', '/payment-batches/reconciliations', staffToken, { text });
    expect(overHttp.status).toBe(200);
    expect(overHttp.json().summary).toEqual({
      lines: 3,
      confirmed: 0,
      returned: 0,
      unchanged: 3,
      refused: 0,
      waiting: 0,
    });
    expect(outside.status).toBe(200);
    expect((outside.json().refused as { code: string }[]).map((r) => r.code)).toEqual([
      'outside-scope',
      'outside-scope',
      'outside-scope',
    ]);
    expect(asJson.status).toBe(415);
    const noColumns = await http(
      'POST',
      '/payment-batches/reconciliations',
      staffToken,
      'a,b\r\n1,2\r\n',
      'text/csv',
    );
    expect(noColumns.status).toBe(422);
    expect(noColumns.headers.get('content-type')).toContain('application/problem+json');
    expect(noColumns.json()).toMatchObject({ status: 422, summary: { lines: 0 } });
    const status = await fetch(
      `${stack.runtime.apiUrl}/payment-batches/B-${UNIT}-${today.replaceAll('-', '')}-01`,
      { headers: { authorization: `Bearer ${staffToken}`, accept: 'application/json' } },
    );
    const followUp = (await status.json()) as { totals: unknown; lines: Record<string, unknown>[] };
    expect(followUp.totals).toEqual({
      PENDING: { count: 0, totalFen: 0 },
      CONFIRMED: { count: 2, totalFen: 2 * AMOUNT },
      RETURNED: { count: 1, totalFen: AMOUNT },
    });
    expect(followUp.lines.find((l) => l.claimId === c1)).toMatchObject({
      status: 'RETURNED',
      returnReason: '账户已销户',
    });
    expect(JSON.stringify(followUp)).not.toContain('62220202001122334');
    const batchEvents = await payments.batchEvents(`B-${UNIT}-${today.replaceAll('-', '')}-01`);
    expect(batchEvents.filter((e) => e.action === 'bank-result-applied').map((e) => e.after)).toEqual([
      { confirmed: 2, returned: 1, fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/), channel: 'bank' },
    ]);
    expect(await snapshot()).toEqual(afterFirst);
    expect(await payments.getPayout(payoutIdOf(c0, 1))).toMatchObject({ status: 'CONFIRMED' });
    expect(await payments.getPayout(payoutIdOf(c1, 1))).toMatchObject({
      status: 'RETURNED',
      returnReason: '账户已销户',
    });
    expect(await payments.getPayout(payoutIdOf(c2, 1))).toMatchObject({ status: 'CONFIRMED' });
    const returned = (await apiClient(stack.runtime.apiUrl, staffToken).claim(c1)).body;
    expect(returned.status).toBe('PAYOUT_RETURNED');
    expect(returned.amounts).toEqual({ approvedFen: AMOUNT, paidFen: null });
    expect(await usedFen(returnedMember)).toBe(usedBefore - AMOUNT);
    // GET /budgets: paid 2000, returned 1000 (owed again: committed), available 3000 of 5000.
    const report = await http('GET', `/budgets/${UNIT}/${year}`, staffToken);
    expect(
      (report.json().budgets as unknown[]).find(
        (b) => (b as { programId: string }).programId === 'skill-boost',
      ),
    ).toEqual({
      unitCode: UNIT,
      programId: 'skill-boost',
      year,
      allocatedFen: ALLOCATED,
      committedFen: AMOUNT,
      paidFen: 2 * AMOUNT,
      returnedFen: AMOUNT,
      availableFen: ALLOCATED - 2 * AMOUNT,
    });
    const sms = (await outboxFor(stack.runtime.outboxDir, c1)).filter((m) => m.text.includes('被银行退回'));
    expect(sms).toHaveLength(1);
    expect(sms[0]?.text).toContain('账户已销户');
  });

  it('pays a returned claim again, once, after its payee details are corrected', async () => {
    // Prepare
    const c1 = claimIds[1] ?? '';
    const member = await stack.token(['member'], { memberId: MEMBERS[1]?.memberId ?? '' });
    const other = await stack.token(['member'], { memberId: MEMBERS[0]?.memberId ?? '' });
    const payee = {
      name: MEMBERS[1]?.name,
      bankName: '中国建设银行北京西城支行',
      accountNumber: '6217000010001234567',
    };
    // Act
    const notYours = await http('PUT', `/claims/${c1}/payee`, other, payee);
    const invalid = await http('PUT', `/claims/${c1}/payee`, member, { ...payee, accountNumber: '12' });
    const corrected = await http('PUT', `/claims/${c1}/payee`, member, payee);
    const paid = await apiClient(stack.runtime.apiUrl, member).waitFor(c1, ['PAID']);
    const afterPaid = await http('PUT', `/claims/${c1}/payee`, member, payee);
    const secondBatch = await http('POST', '/payment-batches', staffToken, { unitCode: UNIT, date: today });
    // Assess
    expect(notYours.status).toBe(404);
    expect(invalid.status).toBe(400);
    expect(corrected.status).toBe(202);
    expect(corrected.json()).toMatchObject({ status: 'APPROVED', payoutRound: 2 });
    expect(afterPaid.status).toBe(409);
    expect(paid.amounts).toEqual({ approvedFen: AMOUNT, paidFen: AMOUNT });
    expect(paid.payee).toEqual({
      name: payee.name,
      bankName: payee.bankName,
      accountMasked: '***************4567',
    });
    const timeline = await claims.timeline(c1);
    const actions = timeline.map((e) => e.action);
    expect(actions.filter((a) => a === 'paid')).toHaveLength(2);
    expect(actions.slice(actions.indexOf('payout-returned')).filter((a) => a === 'paid')).toHaveLength(1);
    expect(actions.indexOf('payee-corrected')).toBeGreaterThan(actions.indexOf('payout-returned'));
    expect(await payments.getPayout(payoutIdOf(c1, 2))).toMatchObject({
      status: 'PENDING',
      amountFen: AMOUNT,
    });
    expect(await budget()).toEqual({
      unitCode: UNIT,
      programId: 'skill-boost',
      year,
      allocatedFen: ALLOCATED,
      committedFen: 0,
      paidFen: 3 * AMOUNT,
      returnedFen: AMOUNT,
      availableFen: ALLOCATED - 3 * AMOUNT,
    });
    // The second payout goes to the bank in the day's next batch, with the corrected details; the first
    // batch's file still shows the details it was sent with.
    expect(secondBatch.status).toBe(201);
    expect(secondBatch.json()).toMatchObject({ count: 1, totalFen: AMOUNT });
    const file = join(stack.dataDir, 'second.csv');
    const made = await paymentsCommand(cli, { kind: 'batch', unit: UNIT, date: today, out: file });
    expect(made.lines[0]).toMatch(/^batch B-\S+-02 \(cut before, at .*\): 1 payouts, CNY 1000\.00 → /);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(
      `${payoutIdOf(c1, 2)},${c1},${payee.name},中国建设银行北京西城支行,6217000010001234567,1000.00`,
    );
    const firstFile = await http(
      'GET',
      `/payment-batches/B-${UNIT}-${today.replaceAll('-', '')}-01`,
      staffToken,
    );
    expect(firstFile.text).toContain('622202020011223341');
    const paidSms = (await outboxFor(stack.runtime.outboxDir, c1)).filter((m) => m.text.includes('已发放'));
    expect(paidSms).toHaveLength(2);
    // The round's own execution went straight to Payout: Assess recognised the claim as paid before and
    // left by Claim.PayoutRound, assessing and changing nothing (one payee-corrected, no new rules).
    const { events = [] } = await stack.runtime.engine.getExecutionHistory({
      executionArn: `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${c1}-pay2`,
      maxResults: 1000,
    });
    expect(
      events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name),
    ).toEqual(['Assess', 'Payout']);
    expect(
      events
        .filter((e) => e.type === 'LambdaFunctionFailed')
        .map((e) => e.lambdaFunctionFailedEventDetails?.error),
    ).toEqual(['Claim.PayoutRound']);
    const sinceReturn = actions.slice(actions.indexOf('payout-returned'));
    expect(sinceReturn.filter((a) => a === 'rules-passed' || a === 'membership-verified')).toEqual([]);
  });

  it('puts every payout in exactly one batch when five cuts run at once', async () => {
    // Prepare: 12 approved claims of another unit, paid by the payout step.
    const unit = demo.units.find((u) => u.code === 'BJ-HD-002');
    const member = demo.members.find((m) => m.unitCode === 'BJ-HD-002');
    if (unit === undefined || member === undefined) throw new Error('no demo unit BJ-HD-002');
    await stack.registry.putAll({
      budgets: [
        { unitCode: unit.code, programId: 'skill-boost', year, allocatedFen: 100 * AMOUNT, paidFen: 0 },
      ],
    });
    const payDeps = {
      claims,
      budgets,
      fundsQueue: new DynamoFundsQueue(documentClient(stack.ddb), stack.runtime.tables.claims),
      workflow: {
        startClaim: async () => undefined,
        sendTaskSuccess: async () => undefined,
        sendTaskFailure: async () => undefined,
      },
      now: () => new Date(),
      payeeKey: async () => (await localKeys(stack.dataDir)).keys.payeeAccountHash,
    };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const claimId = `C01CUT${String(i).padStart(21, '0')}`;
      const at = new Date().toISOString();
      await storeApprovedClaim(claims, {
        claimId,
        member,
        unit,
        at,
        incidentDate: today,
        amountFen: AMOUNT,
        payee: {
          name: member.name,
          bankName: '中国农业银行',
          accountNumber: `62284800000000${i}1234`,
          accountMasked: '****1234',
        },
      });
      expect((await payout(payDeps, claimId)).paid).toBe(true);
      ids.push(claimId);
    }
    // Act
    const cuts = await Promise.all(
      Array.from({ length: 5 }, () =>
        cutBatch(cli, { identity: CLI_IDENTITY, body: { unitCode: unit.code, date: today } }),
      ),
    );
    // Assess
    const batchIds = new Set(cuts.map((c) => c.batch.batchId));
    expect(cuts.filter((c) => c.created)).toHaveLength(1);
    expect(batchIds).toEqual(new Set([`B-${unit.code}-${today.replaceAll('-', '')}-01`]));
    expect(cuts.every((c) => c.batch.status === 'cut' && c.batch.count === 12)).toBe(true);
    expect(cuts[0]?.batch.totalFen).toBe(12 * AMOUNT);
    const inBatch = await payments.batchPayouts(`B-${unit.code}-${today.replaceAll('-', '')}-01`);
    expect(inBatch.map((p) => p.claimId).sort()).toEqual(ids);
    expect(await payments.unbatched(unit.code, '9999')).toEqual([]);
  });

  it('puts a re-payout the budget cannot cover in AWAITING_FUNDS, and pays it when the budget is raised', async () => {
    // Prepare: the bank returns the first payout of the five-cuts batch; the budget is then cut to what is paid.
    const claimId = `C01CUT${'0'.padStart(21, '0')}`;
    const key = { unitCode: 'BJ-HD-002', programId: 'skill-boost', year };
    const file = join(stack.dataDir, 'bank-cut.csv');
    await writeFile(file, `付款编号,金额,结果,原因\n${payoutIdOf(claimId, 1)},1000.00,RETURNED,户名不符\n`);
    expect((await paymentsCommand(cli, { kind: 'reconcile', file })).exitCode).toBe(0);
    const afterReturn = await budgets.get(key.unitCode, key.programId, key.year);
    // (These claims were made APPROVED directly, without the approval step's commitment: committed is compared as a change.)
    expect(afterReturn).toMatchObject({ paidFen: 11 * AMOUNT, returnedFen: AMOUNT });
    const admin = await stack.token(['admin']);
    const cut = await http('PUT', `/budgets/${key.unitCode}/${year}/skill-boost`, admin, {
      allocatedFen: 11 * AMOUNT,
      reason: '年中调整',
    });
    expect(cut.json()).toMatchObject({ availableFen: 0 });
    const api = apiClient(stack.runtime.apiUrl, admin);
    const otherAdmin = await stack.token(['admin'], { sub: 'second-admin' });
    const holder = demo.members.find((m) => m.unitCode === 'BJ-HD-002')?.name ?? '';
    // Act: an admin proposes the new details; a second admin confirms them.
    const proposed = await http('PUT', `/claims/${claimId}/payee`, admin, {
      name: holder,
      bankName: '中国农业银行北京海淀支行',
      accountNumber: '6228480000000009999',
    });
    const corrected = await http(
      'POST',
      `/claims/${claimId}/payee/${String(proposed.json().changeId)}/confirm`,
      otherAdmin,
    );
    const waiting = await api.waitFor(claimId, ['AWAITING_FUNDS']);
    const raised = await http('PUT', `/budgets/${key.unitCode}/${year}/skill-boost`, admin, {
      allocatedFen: 12 * AMOUNT,
      reason: '追加预算',
    });
    const paid = await api.waitFor(claimId, ['PAID']);
    // Assess
    expect(proposed.status).toBe(202);
    expect(proposed.json()).toMatchObject({ status: 'PENDING_CONFIRMATION' });
    expect(corrected.status).toBe(202);
    expect(waiting.amounts).toEqual({ approvedFen: AMOUNT, paidFen: null });
    expect(raised.status).toBe(200);
    expect(paid.amounts).toEqual({ approvedFen: AMOUNT, paidFen: AMOUNT });
    expect(await payments.getPayout(payoutIdOf(claimId, 2))).toMatchObject({
      amountFen: AMOUNT,
      status: 'PENDING',
    });
    expect(await budgets.get(key.unitCode, key.programId, key.year)).toMatchObject({
      allocatedFen: 12 * AMOUNT,
      committedFen: (afterReturn?.committedFen ?? 0) - AMOUNT,
      paidFen: 12 * AMOUNT,
      returnedFen: AMOUNT,
      availableFen: 0,
    });
    const actions = (await claims.timeline(claimId)).map((e) => e.action);
    expect(actions.slice(actions.indexOf('payee-corrected'))).toEqual(
      expect.arrayContaining(['payee-corrected', 'awaiting-funds', 'paid']),
    );
    expect(actions.filter((a) => a === 'paid')).toHaveLength(2);
  });
});
