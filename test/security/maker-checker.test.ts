import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import type { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import type { Role } from '../../functions/domain/identity.ts';
import { payoutIdOf } from '../../functions/domain/payments/payout-ref.ts';
import type { StoredFlag } from '../../functions/ports/fraud-store.ts';
import { flagIdOf } from '../../functions/usecases/fraud-flags.ts';
import { screenPayout } from '../../functions/usecases/payout-screening.ts';
import { DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { localIdp } from '../../infra/local/local-idp.ts';
import { type PaymentsCliDeps, paymentsCommand } from '../../infra/local/payments-cli.ts';
import { storeApprovedClaim } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import {
  returnedLine as bankReturnedLine,
  paidClaimAtBank,
  paymentsHarness,
} from '../fixtures/paid-claims.ts';
import { apiClient, outboxFor, startTestStack, type TestStack } from '../support/local-stack.ts';

const unit = demo.units.find((u) => u.code === DEMO_MEMBER_UNIT_CODE);
const district = demo.units.find((u) => u.code === unit?.parentCode);
const members = claimants((m) => m.unitCode === DEMO_MEMBER_UNIT_CODE);

describe('10.3 maker-checker: no one person redirects a payout (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let claims: DynamoClaimsStore;
  let payments: DynamoPaymentsStore;
  let cli: PaymentsCliDeps;
  const AMOUNT = 800_00;

  /** A Cognito-shaped token: `sub` a UUID that matches no member or approver id. */
  const token = async (
    roles: Role[],
    o: { sub: string; unitCode?: string; memberId?: string; approverId?: string },
  ) => (await localIdp(stack.dataDir)).sign({ roles, ...o });
  const http = async (method: string, path: string, bearer: string | null, body?: unknown) => {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: {
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...(body === undefined
          ? {}
          : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: () => JSON.parse(text) };
  };

  beforeAll(async () => {
    stack = await startTestStack();
    ({ claims, payments, cli } = await paymentsHarness(stack, {
      linkKey: 'maker-checker-test-key',
      unitCode: DEMO_MEMBER_UNIT_CODE,
      budgetFen: 100 * AMOUNT,
    }));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** A claim of a member of the demo unit, approved and paid by the payout step (its payout pending at the bank). */
  async function paidClaim(claimId: string, member: { memberId: string; name: string }): Promise<string> {
    if (unit === undefined) throw new Error('no demo unit');
    await paidClaimAtBank(stack, { claims, payments, cli }, { claimId, member, unit, amountFen: AMOUNT });
    return claimId;
  }
  const returnedLine = (claimId: string) => bankReturnedLine(claimId, AMOUNT);
  const redirected = {
    bankName: '中国建设银行北京西城支行',
    accountNumber: '6217000010009997777',
  };

  it('10.3 bank results uploaded over the API return a payout only after a second person confirms', async () => {
    // Prepare
    const member = members[1];
    if (member === undefined || district === undefined) throw new Error('no demo member');
    const claimId = await paidClaim('C01MCBANK000000000000000001', member);
    const uploader = await token(['staff'], {
      sub: 'a0a0a0a0-0000-4000-8000-000000000001',
      unitCode: unit?.code,
    });
    const checker = await token(['staff'], {
      sub: 'b0b0b0b0-0000-4000-8000-000000000002',
      unitCode: district.code,
    });
    // Act
    const upload = await http('POST', '/payment-batches/reconciliations', uploader, returnedLine(claimId));
    const afterUpload = await claims.get(claimId);
    const payoutAfterUpload = await payments.getPayout(payoutIdOf(claimId, 1));
    const id = String(upload.json().reconciliationId);
    const shown = await http('GET', `/payment-batches/reconciliations/${id}`, checker);
    const eventsBefore = (await claims.timeline(claimId)).length;
    const selfConfirm = await http('POST', `/payment-batches/reconciliations/${id}/confirm`, uploader);
    const afterSelf = (await claims.timeline(claimId)).length;
    const confirmed = await http('POST', `/payment-batches/reconciliations/${id}/confirm`, checker);
    const again = await http('POST', `/payment-batches/reconciliations/${id}/confirm`, checker);
    // Assess
    expect(upload.status).toBe(202);
    expect(upload.json()).toMatchObject({
      reconciliationId: expect.any(String),
      fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      summary: { returned: 0, waiting: 1 },
    });
    expect(afterUpload?.status).toBe('PAID');
    expect(payoutAfterUpload?.status).toBe('PENDING');
    expect(shown.status).toBe(200);
    expect(shown.json()).toMatchObject({
      status: 'PENDING',
      uploadedBy: { id: 'a0a0a0a0-0000-4000-8000-000000000001' },
      waiting: [{ claimId, payoutId: payoutIdOf(claimId, 1), amountFen: AMOUNT }],
    });
    expect(shown.json().text).toBeUndefined();
    expect(selfConfirm.status).toBe(403);
    expect(selfConfirm.type).toContain('application/problem+json');
    expect(afterSelf).toBe(eventsBefore);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json().summary).toMatchObject({ returned: 1 });
    expect(again.status).toBe(409);
    expect((await claims.get(claimId))?.status).toBe('PAYOUT_RETURNED');
    const returned = (await claims.timeline(claimId)).find((e) => e.action === 'payout-returned');
    expect(returned?.actor.id).toBe('b0b0b0b0-0000-4000-8000-000000000002');
    expect(returned?.reason).toContain('a0a0a0a0-0000-4000-8000-000000000001');
    expect(returned?.reason).toContain(String(upload.json().fileSha256));
  });

  it('10.3 a payee change by staff takes effect only after a second staff person confirms it', async () => {
    // Prepare: the bank (its channel: the command line) returns the payout.
    const member = members[2];
    if (member === undefined || district === undefined) throw new Error('no demo member');
    const claimId = await paidClaim('C01MCPAYEE00000000000000001', member);
    const file = join(stack.dataDir, 'bank-payee.csv');
    await writeFile(file, returnedLine(claimId));
    expect((await paymentsCommand(cli, { kind: 'reconcile', file })).exitCode).toBe(0);
    const bankEvent = (await claims.timeline(claimId)).find((e) => e.action === 'payout-returned');
    expect(bankEvent?.reason).toMatch(/channel bank, file sha256 [0-9a-f]{64}/);
    const maker = await token(['staff'], {
      sub: 'c0c0c0c0-0000-4000-8000-000000000003',
      unitCode: unit?.code,
    });
    const checker = await token(['staff'], {
      sub: 'd0d0d0d0-0000-4000-8000-000000000004',
      unitCode: district.code,
    });
    const payee = { name: member.name, ...redirected };
    // Act
    const proposed = await http('PUT', `/claims/${claimId}/payee`, maker, payee);
    const afterProposal = await claims.get(claimId);
    const payeeAfterProposal = await claims.getPayee(claimId, 2);
    const changeId = String(proposed.json().changeId);
    const eventsBefore = await claims.timeline(claimId);
    const selfConfirm = await http('POST', `/claims/${claimId}/payee/${changeId}/confirm`, maker);
    const afterSelf = await claims.timeline(claimId);
    const confirmed = await http('POST', `/claims/${claimId}/payee/${changeId}/confirm`, checker);
    const paid = await apiClient(stack.runtime.apiUrl, checker).waitFor(claimId, ['PAID']);
    // Assess
    expect(proposed.status).toBe(202);
    expect(proposed.json()).toMatchObject({ status: 'PENDING_CONFIRMATION', changeId: expect.any(String) });
    expect(afterProposal?.status).toBe('PAYOUT_RETURNED');
    expect(payeeAfterProposal).toBeNull();
    const proposal = eventsBefore.find((e) => e.action === 'payee-change-proposed');
    expect(proposal?.reason).toMatch(/details hash v2:[0-9a-f]{64}/);
    expect(JSON.stringify(eventsBefore)).not.toContain(redirected.accountNumber);
    expect(selfConfirm.status).toBe(403);
    expect(selfConfirm.type).toContain('application/problem+json');
    expect(afterSelf).toEqual(eventsBefore);
    expect(confirmed.status).toBe(202);
    expect(confirmed.json()).toMatchObject({ status: 'APPROVED', payoutRound: 2 });
    expect(paid.payee).toMatchObject({ accountMasked: '***************7777' });
    expect(await claims.getPayee(claimId, 2)).toEqual(payee);
    const corrected = (await claims.timeline(claimId)).find((e) => e.action === 'payee-corrected');
    expect(corrected?.actor.id).toBe('d0d0d0d0-0000-4000-8000-000000000004');
  });

  it('10.3 a payee change by staff takes effect when the member confirms it through the SMS link', async () => {
    // Prepare
    const member = members[3];
    if (member === undefined) throw new Error('no demo member');
    const claimId = await paidClaim('C01MCSMS0000000000000000001', member);
    const file = join(stack.dataDir, 'bank-sms.csv');
    await writeFile(file, returnedLine(claimId));
    expect((await paymentsCommand(cli, { kind: 'reconcile', file })).exitCode).toBe(0);
    const maker = await token(['staff'], {
      sub: 'e0e0e0e0-0000-4000-8000-000000000005',
      unitCode: unit?.code,
    });
    // Act
    const proposed = await http('PUT', `/claims/${claimId}/payee`, maker, {
      name: member.name,
      ...redirected,
    });
    const sms = (await outboxFor(stack.runtime.outboxDir, claimId)).find((m) => m.text.includes('/p/'));
    const link = sms?.links[0] ?? '';
    const second = await http('PUT', `/claims/${claimId}/payee`, maker, {
      name: member.name,
      ...redirected,
      accountNumber: '6217000010008886666',
    });
    const page = await fetch(link);
    const html = await page.text();
    const head = await fetch(link, { method: 'HEAD' });
    const view = await fetch(link, { headers: { accept: 'application/json' } });
    const { csrf, state } = (await view.json()) as { csrf: string; state: string };
    const afterGet = await claims.get(claimId);
    const forged = await fetch(link, { method: 'POST', body: new URLSearchParams({ csrf: 'forged' }) });
    const confirmed = await fetch(link, { method: 'POST', body: new URLSearchParams({ csrf }) });
    const paid = await apiClient(stack.runtime.apiUrl, maker).waitFor(claimId, ['PAID']);
    const twice = await fetch(link, { method: 'POST', body: new URLSearchParams({ csrf }) });
    // Assess
    expect(proposed.status).toBe(202);
    expect(second.status).toBe(409);
    expect(second.type).toContain('application/problem+json');
    expect(page.status).toBe(200);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(page.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect(html).toContain('***************7777');
    expect(html).not.toContain(redirected.accountNumber);
    expect(state).toBe('open');
    expect(afterGet?.status).toBe('PAYOUT_RETURNED');
    expect(forged.status).toBe(403);
    expect(confirmed.status).toBe(200);
    expect(paid.status).toBe('PAID');
    expect(twice.status).toBe(200);
    const corrected = (await claims.timeline(claimId)).find((e) => e.action === 'payee-corrected');
    expect(corrected?.actor).toEqual({ kind: 'member', id: member.memberId });
    // The round pays exactly the confirmed details: the proposal's hash is the one the chain paid to.
    const events = await claims.timeline(claimId);
    const proposedHash = events
      .find((e) => e.action === 'payee-change-proposed')
      ?.reason.match(/details hash (v2:[0-9a-f]{64})/)?.[1];
    const paidEvent = events.findLast((e) => e.action === 'paid');
    expect(corrected?.payeeHash).toBe(proposedHash);
    expect(paidEvent?.payeeHash).toBe(proposedHash);
    expect(await claims.getPayee(claimId, 2)).toEqual({ name: member.name, ...redirected });
    // A later edit of the stored details is caught before the line goes to the bank.
    const round2 = await payments.getPayout(payoutIdOf(claimId, 2));
    if (round2 === null) throw new Error('no round-2 payout');
    const screening = { claims, budgets: cli.budgets, now: () => new Date(), payeeKey: cli.payeeKey };
    expect(await screenPayout(screening, round2)).toEqual([]);
    const changeId = String(proposed.json().changeId);
    await documentClient(stack.ddb).send(
      new UpdateCommand({
        TableName: stack.runtime.tables.claims,
        Key: { pk: `PAYEE#${claimId}`, sk: `CHANGE#${changeId}` },
        UpdateExpression: 'SET accountNumber = :other',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':other': '6217000010000001111' },
      }),
    );
    expect(await screenPayout(screening, round2)).toContain(
      'payee details differ from those the chain paid to',
    );
  });

  describe('10.3 clearing a fraud flag', () => {
    const SUBMITTER_SUB = '5b0c7f0e-0d1e-4a55-9d0b-3f1c2a9e7a11';
    const APPROVER_SUB = '8e2f1d3c-7b6a-4c59-8e1f-0a2b3c4d5e6f';
    const OTHER_SUB = 'c1d2e3f4-a5b6-4c7d-8e9f-001122334455';
    const LEVEL2_APPROVER = 'A-DISTRICT-TEST';

    /** An approved claim of a member, submitted by district staff, approved at two levels, with one open flag. */
    async function flaggedClaim(claimId: string, memberId: string): Promise<string> {
      if (unit === undefined || district === undefined) throw new Error('no demo unit');
      const at = new Date().toISOString();
      await storeApprovedClaim(claims, {
        claimId,
        member: { memberId },
        unit,
        at,
        amountFen: 3000_00,
        payee: {
          name: '测试',
          bankName: '中国工商银行',
          accountNumber: '6222020200112234455',
          accountMasked: '****4455',
        },
        submittedBy: { kind: 'staff', id: SUBMITTER_SUB },
        approvalChain: [
          { level: 1, tier: 'grassroots', unitCode: unit.code },
          { level: 2, tier: 'district', unitCode: district.code },
        ],
        approval: { level: 2, decision: 'approve', approverId: LEVEL2_APPROVER, reason: '', decidedAt: at },
      });
      for (const [level, approverId] of [
        [1, 'A-GRASSROOTS-TEST'],
        [2, LEVEL2_APPROVER],
      ] as const) {
        await claims.createApprovalRequest(
          {
            claimId,
            level,
            unitCode: level === 1 ? unit.code : district.code,
            approverIds: [approverId],
            linkSeeds: [],
            taskToken: 'done',
            createdAt: at,
            expiresAt: at,
            decision: { level, decision: 'approve', approverId, reason: 'ok', decidedAt: at },
            closed: true,
            notified: true,
          },
          [],
        );
      }
      const flag: StoredFlag = {
        claimId,
        key: 'shared-account#test',
        rule: 'shared-account',
        score: 80,
        state: 'OPEN',
        raisedAt: at,
        what: { zh: '测试', en: 'test' },
        claimIds: [],
        memberIds: [],
        unitPath: unit.path,
        claimStatus: 'APPROVED',
        review: false,
        holds: false,
      };
      const stored = await claims.get(claimId);
      if (stored === null) throw new Error('not stored');
      await claims.change(
        stored,
        {
          to: 'APPROVED',
          actor: { kind: 'system', id: 'fraud-scan' },
          action: 'fraud-flag-raised',
          reason: 'test',
          at,
        },
        [{ kind: 'raiseFlag', flag }],
      );
      return flagIdOf(flag.key);
    }

    it('10.3 a fraud flag is cleared only by someone who did not submit, claim for or approve the claim', async () => {
      // Prepare
      const claimId = 'C01FLAGMC000000000000000001';
      const member = members[0];
      if (member === undefined || district === undefined) throw new Error('no demo member');
      const flagId = await flaggedClaim(claimId, member.memberId);
      const path = `/fraud/flags/${claimId}/${flagId}`;
      const submitter = await token(['staff'], { sub: SUBMITTER_SUB, unitCode: district.code });
      const approver = await token(['staff'], {
        sub: APPROVER_SUB,
        unitCode: district.code,
        approverId: LEVEL2_APPROVER,
      });
      const claimant = await token(['staff', 'member'], {
        sub: 'f0e1d2c3-b4a5-4968-8776-655443322110',
        unitCode: district.code,
        memberId: member.memberId,
      });
      const other = await token(['staff'], { sub: OTHER_SUB, unitCode: district.code });
      const eventsBefore = (await claims.timeline(claimId)).length;
      // Act
      const bySubmitter = await http('POST', `${path}/clear`, submitter, { reason: '核实无误' });
      const byApprover = await http('POST', `${path}/clear`, approver, { reason: '核实无误' });
      const byApproverConfirm = await http('POST', `${path}/confirm`, approver, { reason: '确认' });
      const byClaimant = await http('POST', `${path}/clear`, claimant, { reason: '核实无误' });
      const afterRefusals = (await claims.timeline(claimId)).length;
      const byOther = await http('POST', `${path}/clear`, other, { reason: '核实无误' });
      // Assess
      for (const refused of [bySubmitter, byApprover, byApproverConfirm, byClaimant]) {
        expect(refused.status).toBe(403);
        expect(refused.type).toContain('application/problem+json');
      }
      expect(afterRefusals).toBe(eventsBefore);
      expect(byOther.status).toBe(200);
      expect(byOther.json().flag).toMatchObject({ state: 'CLEARED', resolvedBy: OTHER_SUB });
    });
  });
});
