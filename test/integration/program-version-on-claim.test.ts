import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetsStore } from '../../functions/adapters/dynamodb/budgets-store.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { DynamoProgramsStore } from '../../functions/adapters/dynamodb/programs-store.ts';
import { DynamoUsageLedger } from '../../functions/adapters/dynamodb/usage-ledger.ts';
import { OutboxNotifier } from '../../functions/adapters/notify/outbox-notifier.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import type { Claim } from '../../functions/domain/claim.ts';
import { newClaimId } from '../../functions/domain/ids.ts';
import { programInForce } from '../../functions/domain/programs/catalog.ts';
import { versionInForce } from '../../functions/domain/programs/versions.ts';
import { checkRules } from '../../functions/usecases/check-rules.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { paymentsCommand } from '../../infra/local/payments-cli.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { demoMemberName } from '../fixtures/demo.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

const MEMBER = 'M000001';
const daysAgo = (days: number) => beijingDate(new Date(Date.now() - days * 86_400_000));

describe('the program version a claim is judged under (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let admin: string;

  /** Adds a skill-boost version as an admin would, over the API. */
  const addVersion = async (changes: Record<string, unknown>) => {
    const current = programInForce('skill-boost', beijingDate(new Date()));
    if (current === null) throw new Error('no skill-boost version');
    const res = await fetch(`${stack.runtime.apiUrl}/programs/skill-boost/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...current, ...changes }),
    });
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.token(['admin']);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('keeps an open claim on its own version when a newer one is added: rules, approval timeouts and the payee correction', async () => {
    // Prepare: the version in force when the claim is submitted, then the claim waiting for approval.
    const judged = { version: 'judged-test', effectiveFrom: daysAgo(50) };
    await addVersion({
      ...judged,
      approvalTimeouts: { remindAfterSeconds: 7200, escalateAfterSeconds: 14_400 },
    });
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: MEMBER }));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-VERSION-1' }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    // A version added while the claim waits, in force on its incident date too: other approval timeouts,
    // and a program cap of CNY 500 a year, below the claim's CNY 1000.
    await addVersion({
      version: 'later-test',
      effectiveFrom: daysAgo(40),
      annualCapFen: 500_00,
      approvalTimeouts: { remindAfterSeconds: 3600, escalateAfterSeconds: 86_400 },
    });
    const doc = documentClient(stack.ddb);
    const { tables, outboxDir } = stack.runtime;
    const claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    const programs = new DynamoProgramsStore(doc, tables.registry);
    const usage = new DynamoUsageLedger(doc, tables.claims);

    // Act: the rules step again (as a redriven execution runs it), the approval, the payout the bank
    // returns, and the member's new bank details.
    const replayed = await checkRules(
      { claims, registry: stack.registry, programs, usage, now: () => new Date() },
      claimId,
    );
    await decideAllLevels(api, outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    const unitCode = String((await claims.get(claimId))?.unitCode);
    const cli = {
      claims,
      budgets: new DynamoBudgetsStore(doc, tables.registry),
      payments: new DynamoPaymentsStore(doc, tables.claims),
      registry: stack.registry,
      feedback: new DynamoFeedbackStore(doc, tables.claims),
      notifier: new OutboxNotifier(outboxDir, () => undefined),
      now: () => new Date(),
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'program-version-test-link-key',
      payeeKey: async () => (await localKeys(stack.dataDir)).keys.payeeAccountHash,
    };
    const batchFile = join(stack.dataDir, 'version-batch.csv');
    await paymentsCommand(cli, {
      kind: 'batch',
      unit: unitCode,
      date: beijingDate(new Date()),
      out: batchFile,
    });
    const [head = '', line, total] = (await readFile(batchFile, 'utf8')).split('\r\n');
    const resultFile = join(stack.dataDir, 'version-result.csv');
    await writeFile(
      resultFile,
      [`${head},结果(Result),原因(Reason)`, `${line},RETURNED,账户已销户`, `${total},,`, ''].join('\r\n'),
    );
    const reconciled = await paymentsCommand(cli, { kind: 'reconcile', file: resultFile });
    await api.waitFor(claimId, ['PAYOUT_RETURNED']);
    const corrected = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/payee`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await stack.token(['member'], { memberId: MEMBER })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: demoMemberName(MEMBER),
        bankName: '中国建设银行北京西城支行',
        accountNumber: '6217000010001234567',
      }),
    });
    const paidAgain = await api.waitFor(claimId, ['PAID']);

    // Assess
    expect((await claims.get(claimId))?.programVersion).toEqual(judged);
    expect(replayed).toMatchObject({
      passed: true,
      amountFen: 1000_00,
      approvalTimeouts: {
        remindAfterSeconds: 7200,
        escalateAfterSeconds: 14_400,
        reminderWindowSeconds: 7200,
      },
    });
    expect(reconciled.exitCode).toBe(0);
    expect(corrected.status).toBe(202);
    expect(paidAgain.amounts).toEqual({ approvedFen: 1000_00, paidFen: 1000_00 });
  });

  it('judges a claim stored before versions were recorded by the version in force on its incident date, and records it', async () => {
    // Prepare: a claim as stored before it carried its version, waiting for its rules.
    const doc = documentClient(stack.ddb);
    const { tables } = stack.runtime;
    const claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    const programs = new DynamoProgramsStore(doc, tables.registry);
    const member = await stack.registry.getMember(MEMBER);
    const unit = await stack.registry.getUnit(member?.unitCode ?? '');
    const at = new Date().toISOString();
    const claimId = newClaimId();
    const incidentDate = daysAgo(30);
    const claim: Claim = {
      claimId,
      memberId: MEMBER,
      unitCode: unit?.code ?? null,
      unitPath: unit?.path ?? null,
      program: 'skill-boost',
      benefit: 'technician',
      incidentDate,
      facts: {},
      evidence: [{ kind: 'certificate', number: 'JS-VERSION-OLD' }],
      payee: { name: demoMemberName(MEMBER) ?? '', bankName: '中国工商银行', accountMasked: '***3445' },
      status: 'MEMBERSHIP_VERIFIED',
      version: 1,
      submittedAt: at,
      submittedBy: { kind: 'member', id: MEMBER },
      updatedAt: at,
    };
    await claims.create({
      claim,
      payee: { name: claim.payee.name, bankName: '中国工商银行', accountNumber: '6222020200112233445' },
      idempotencyKey: claimId,
      bodyHash: claimId,
      event: {
        claimId,
        seq: 1,
        at,
        actor: { kind: 'system', id: 'test' },
        action: 'membership-verified',
        from: null,
        to: 'MEMBERSHIP_VERIFIED',
        reason: 'prepared by the test',
      },
    });
    const inForce = versionInForce(await programs.listVersions(), 'skill-boost', incidentDate);
    // Act
    const judged = await checkRules(
      {
        claims,
        registry: stack.registry,
        programs,
        usage: new DynamoUsageLedger(doc, tables.claims),
        now: () => new Date(),
      },
      claimId,
    );
    // Assess
    const stored = await claims.get(claimId);
    expect(judged.passed).toBe(stored?.rules?.passed);
    expect(stored?.rules?.programVersion).toBe(inForce?.version);
    expect(stored?.programVersion).toEqual({
      version: inForce?.version,
      effectiveFrom: inForce?.effectiveFrom,
    });
  });
});
