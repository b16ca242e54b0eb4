import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import type { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { linkTtl } from '../../functions/domain/ids.ts';
import { payoutIdOf } from '../../functions/domain/payments/payout-ref.ts';
import { DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { localIdp } from '../../infra/local/local-idp.ts';
import type { PaymentsCliDeps } from '../../infra/local/payments-cli.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { paidClaimAtBank, paymentsHarness, returnedByBank } from '../fixtures/paid-claims.ts';
import { apiClient, outboxFor, startTestStack, type TestStack } from '../support/local-stack.ts';

const unit = demo.units.find((u) => u.code === DEMO_MEMBER_UNIT_CODE);
const district = demo.units.find((u) => u.code === unit?.parentCode);
const members = claimants((m) => m.unitCode === DEMO_MEMBER_UNIT_CODE);

/**
 * The full bank details of a payee change carry the change's TTL, so that a change nobody confirms goes
 * with them; a confirmed change's details are kept for good (their TTL removed by the payout round's
 * first step) and paid. DynamoDB Local does not run TTL: the `ttl` attribute and its removal are checked.
 */
describe('the bank details of a payee change are kept only once it is confirmed (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let claims: DynamoClaimsStore;
  let payments: DynamoPaymentsStore;
  let cli: PaymentsCliDeps;
  const AMOUNT = 800_00;
  const redirected = { bankName: '中国建设银行北京西城支行', accountNumber: '6217000010009997777' };

  const token = async (sub: string, unitCode: string | undefined) =>
    (await localIdp(stack.dataDir)).sign({ roles: ['staff'], sub, unitCode });
  const http = async (method: string, path: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const item = async (key: { pk: string; sk: string }) =>
    (
      await documentClient(stack.ddb).send(
        new GetCommand({ TableName: stack.runtime.tables.claims, Key: key, ConsistentRead: true }),
      )
    ).Item;

  beforeAll(async () => {
    stack = await startTestStack();
    ({ claims, payments, cli } = await paymentsHarness(stack, {
      linkKey: 'payee-retention-test-key',
      unitCode: DEMO_MEMBER_UNIT_CODE,
      budgetFen: 100 * AMOUNT,
    }));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** A claim of a demo member, paid (round 1), sent to the bank in a batch, and returned by the bank. */
  async function returnedClaim(claimId: string, member: { memberId: string; name: string }): Promise<void> {
    if (unit === undefined) throw new Error('no demo unit');
    await paidClaimAtBank(stack, { claims, payments, cli }, { claimId, member, unit, amountFen: AMOUNT });
    await returnedByBank(stack, { claims, payments, cli }, claimId, AMOUNT);
  }

  /** Staff of the member's unit propose new details; returns the change's id. */
  async function proposed(claimId: string, name: string): Promise<string> {
    const maker = await token('c0c0c0c0-0000-4000-8000-00000000000a', unit?.code);
    const answer = await http('PUT', `/claims/${claimId}/payee`, maker, { name, ...redirected });
    expect(answer.status).toBe(202);
    return String(answer.json.changeId);
  }

  it('a proposal nobody confirmed keeps its bank details only as long as the change: the same TTL', async () => {
    // Prepare
    const member = members[0];
    if (member === undefined) throw new Error('no demo member');
    const claimId = 'C01PAYEETTLPENDING000000001';
    await returnedClaim(claimId, member);
    // Act
    const changeId = await proposed(claimId, member.name);
    // Assess
    const change = await item(claimKeys.payeeChange(claimId, changeId));
    const details = await item(claimKeys.payeeOfChange(claimId, changeId));
    expect(change).toMatchObject({ status: 'PENDING', ttl: linkTtl(String(change?.expiresAt)) });
    expect(details).toMatchObject({ accountNumber: redirected.accountNumber, ttl: change?.ttl });
    expect(await claims.getPayee(claimId, 2)).toBeNull();
  });

  it('a change confirmed by a second staff person keeps its bank details for good, and the round pays them', async () => {
    // Prepare
    const member = members[1];
    if (member === undefined || district === undefined) throw new Error('no demo member');
    const claimId = 'C01PAYEETTLSTAFF00000000001';
    await returnedClaim(claimId, member);
    const changeId = await proposed(claimId, member.name);
    const checker = await token('d0d0d0d0-0000-4000-8000-00000000000b', district.code);
    // Act
    const confirmed = await http('POST', `/claims/${claimId}/payee/${changeId}/confirm`, checker);
    const paid = await apiClient(stack.runtime.apiUrl, checker).waitFor(claimId, ['PAID']);
    // Assess
    expect(confirmed.status).toBe(202);
    expect(paid.payee).toMatchObject({ accountMasked: '***************7777' });
    const details = await item(claimKeys.payeeOfChange(claimId, changeId));
    expect(details).toMatchObject({ accountNumber: redirected.accountNumber });
    expect(details).not.toHaveProperty('ttl');
    expect((await item(claimKeys.payeeChange(claimId, changeId)))?.ttl).toBeUndefined();
    expect(await claims.getPayee(claimId, 2)).toEqual({ name: member.name, ...redirected });
    expect(await payments.getPayout(payoutIdOf(claimId, 2))).toMatchObject({ amountFen: AMOUNT });
  });

  it('a change the member confirmed through the SMS link keeps its bank details for good, and the round pays them', async () => {
    // Prepare
    const member = members[2];
    if (member === undefined) throw new Error('no demo member');
    const claimId = 'C01PAYEETTLMEMBER0000000001';
    await returnedClaim(claimId, member);
    const changeId = await proposed(claimId, member.name);
    const sms = (await outboxFor(stack.runtime.outboxDir, claimId)).find((m) => m.text.includes('/p/'));
    const link = sms?.links[0] ?? '';
    const view = await fetch(link, { headers: { accept: 'application/json' } });
    const { csrf } = (await view.json()) as { csrf: string };
    // Act
    const confirmed = await fetch(link, { method: 'POST', body: new URLSearchParams({ csrf }) });
    const maker = await token('c0c0c0c0-0000-4000-8000-00000000000a', unit?.code);
    const paid = await apiClient(stack.runtime.apiUrl, maker).waitFor(claimId, ['PAID']);
    // Assess
    expect(confirmed.status).toBe(200);
    expect(paid.payee).toMatchObject({ accountMasked: '***************7777' });
    const details = await item(claimKeys.payeeOfChange(claimId, changeId));
    expect(details).toMatchObject({ accountNumber: redirected.accountNumber });
    expect(details).not.toHaveProperty('ttl');
    expect(await claims.getPayee(claimId, 2)).toEqual({ name: member.name, ...redirected });
    expect(await payments.getPayout(payoutIdOf(claimId, 2))).toMatchObject({ amountFen: AMOUNT });
  });
});
