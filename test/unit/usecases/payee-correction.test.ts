import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import { Conflict, Gone, Invalid } from '../../../functions/domain/errors.ts';
import { payeeHashOf } from '../../../functions/domain/payments/payee-hash.ts';
import { PAYEE_CHANGE_EXPIRY_DAYS } from '../../../functions/domain/payments/pending-expiry.ts';
import {
  type ClaimChange,
  ClaimConflictError,
  type LinkedWrite,
} from '../../../functions/ports/claims-store.ts';
import type { PayeeChange } from '../../../functions/ports/payments-store.ts';
import { confirmPayeeChange, correctPayee } from '../../../functions/usecases/payee-correction.ts';
import { aClaim, rulesPassed } from '../../fixtures/claims.ts';

const CLAIM_ID = 'C01KZ0000000000000000000009';
const member = { subject: 'M000001', roles: ['member'] as const, memberId: 'M000001', unitCode: null };
const payee = { name: '王芳', bankName: '中国建设银行北京西城支行', accountNumber: '6217000010001234567' };
const returned = aClaim({
  claimId: CLAIM_ID,
  at: '2026-11-01T00:00:00.000Z',
  incidentDate: '2026-11-01',
  payee: { name: '王芳', bankName: '中国工商银行', accountMasked: '***************3445' },
  status: 'PAYOUT_RETURNED',
  version: 9,
  updatedAt: '2026-11-03T00:00:00.000Z',
  rules: { ...rulesPassed(100000, 'test'), consumes: { year: 2026, fen: 100000, days: 0, costsFen: 0 } },
  payout: {
    payoutId: `P${CLAIM_ID.slice(1)}`,
    amountFen: 100000,
    paidAt: '2026-11-02T00:00:00.000Z',
    returned: { at: '2026-11-03T00:00:00.000Z', reason: '账户已销户' },
  },
});

/**
 * Deps that record the change and the executions started; `fail` makes the change fail as the store would;
 * `now` is the clock.
 */
function fakeDeps(
  claim: Claim,
  fail?: ClaimConflictError,
  stored: PayeeChange[] = [],
  now = new Date('2026-11-04T00:00:00.000Z'),
) {
  const changes: { change: ClaimChange; linked: readonly LinkedWrite[] }[] = [];
  const started: [string, number | undefined][] = [];
  const deps = {
    claims: {
      get: async () => claim,
      change: async (c: Claim, change: ClaimChange, linked: readonly LinkedWrite[] = []) => {
        if (fail !== undefined) throw fail;
        changes.push({ change, linked });
        return { ...c, status: change.to };
      },
    },
    registry: { getUnit: async () => null, getMember: async () => ({ memberId: 'M000001', name: '王芳' }) },
    programs: { listVersions: async () => [] },
    workflow: {
      startClaim: async (id: string, round?: number) => {
        started.push([id, round]);
      },
      sendTaskSuccess: async () => undefined,
      sendTaskFailure: async () => undefined,
    },
    payments: {
      payeeChangesOf: async () => stored,
      getPayeeChange: async (_claimId: string, changeId: string) =>
        stored.find((c) => c.changeId === changeId) ?? null,
    },
    notifier: { send: async () => undefined },
    linkBaseUrl: 'https://u.union.example',
    payeeKey: async () => 'payee-correction-test-key',
    now: () => now,
  } as unknown as Parameters<typeof correctPayee>[0];
  return { deps, changes, started };
}

describe('correctPayee', () => {
  it('keeps the new details for round 2, reserves the annual usage again and starts the round-2 execution', async () => {
    const { deps, changes, started } = fakeDeps(returned);
    const result = await correctPayee(deps, { identity: member, claimId: CLAIM_ID, body: payee });
    expect(result).toMatchObject({ status: 'APPROVED', payoutRound: 2 });
    expect(changes).toHaveLength(1);
    expect(changes[0]?.change).toMatchObject({
      to: 'APPROVED',
      action: 'payee-corrected',
      set: { payee: { name: '王芳', bankName: payee.bankName, accountMasked: '***************4567' } },
      // The chain pins the new details by their keyed hash.
      event: { payeeHash: payeeHashOf('payee-correction-test-key', CLAIM_ID, payee) },
    });
    expect(changes[0]?.linked.map((w) => w.kind)).toEqual(['putPayee', 'reserveUsage']);
    expect(changes[0]?.linked[0]).toEqual({ kind: 'putPayee', round: 2, payee });
    expect(started).toEqual([[CLAIM_ID, 2]]);
  });

  it("refuses with 409 and starts nothing when other claims used the member's annual limit meanwhile", async () => {
    const { deps, started } = fakeDeps(returned, new ClaimConflictError('cap-reached', 'cap'));
    const error = await correctPayee(deps, { identity: member, claimId: CLAIM_ID, body: payee }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(Conflict);
    expect(started).toEqual([]);
  });

  it('starts the payment again, without a second change, when a corrected claim is still APPROVED', async () => {
    const { deps, changes, started } = fakeDeps({ ...returned, status: 'APPROVED' });
    await correctPayee(deps, { identity: member, claimId: CLAIM_ID, body: payee });
    expect(changes).toEqual([]);
    expect(started).toEqual([[CLAIM_ID, 2]]);
  });

  it('refuses claims that are not waiting for payee details, and bad details, without writing', async () => {
    const paid = fakeDeps({
      ...returned,
      status: 'PAID',
      payout: { ...returned.payout, returned: undefined } as Claim['payout'],
    });
    const conflict = await correctPayee(paid.deps, {
      identity: member,
      claimId: CLAIM_ID,
      body: payee,
    }).catch((e) => e);
    expect(conflict).toBeInstanceOf(Conflict);
    const bad = fakeDeps(returned);
    const invalid = await correctPayee(bad.deps, {
      identity: member,
      claimId: CLAIM_ID,
      body: { ...payee, accountNumber: '12ab' },
    }).catch((e) => e);
    expect(invalid).toBeInstanceOf(Invalid);
    expect([...paid.changes, ...bad.changes, ...paid.started, ...bad.started]).toEqual([]);
  });

  it('refuses details that pay someone other than the member (400 naming the field), without writing', async () => {
    const { deps, changes, started } = fakeDeps(returned);
    const error = await correctPayee(deps, {
      identity: member,
      claimId: CLAIM_ID,
      body: { ...payee, name: '李明' },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).errors.map((e) => e.field)).toEqual(['name']);
    expect([...changes, ...started]).toEqual([]);
  });
});

describe('payee changes proposed by staff', () => {
  const admin = { subject: 'admin-1', roles: ['admin'] as const, memberId: null, unitCode: null };
  const checker = { subject: 'admin-2', roles: ['admin'] as const, memberId: null, unitCode: null };
  const pending = (over: Partial<PayeeChange> = {}): PayeeChange => ({
    changeId: 'Ch3dEf6hIj9kLm2n',
    claimId: CLAIM_ID,
    memberId: 'M000001',
    round: 2,
    payeeMasked: { name: '王芳', bankName: '建行', accountMasked: '****7777' },
    payeeHash: 'a'.repeat(64),
    requestedBy: { kind: 'admin', id: 'admin-1' },
    requestedAt: '2026-11-03T12:00:00.000Z',
    expiresAt: '2026-11-17T12:00:00.000Z',
    linkHash: 'h',
    status: 'PENDING',
    ...over,
  });

  it('keeps the full details out of the change: they go to the payee partition, the change holds them masked', async () => {
    const { deps, changes } = fakeDeps(returned);
    const result = await correctPayee(deps, { identity: admin, claimId: CLAIM_ID, body: payee });
    expect(result).toMatchObject({ status: 'PENDING_CONFIRMATION' });
    const linked = changes[0]?.linked ?? [];
    expect(linked.map((w) => w.kind)).toEqual(['proposePayeeChange']);
    const write = linked[0] as Extract<LinkedWrite, { kind: 'proposePayeeChange' }>;
    expect(write.payee).toEqual(payee);
    expect(write.change).toMatchObject({
      round: 2,
      payeeMasked: { accountMasked: '***************4567' },
      payeeHash: payeeHashOf('payee-correction-test-key', CLAIM_ID, payee),
    });
    expect(JSON.stringify(write.change)).not.toContain(payee.accountNumber);
  });

  it('refuses a second proposal with 409 while one waits for confirmation, without writing', async () => {
    const { deps, changes } = fakeDeps(returned, undefined, [pending()]);
    const error = await correctPayee(deps, { identity: admin, claimId: CLAIM_ID, body: payee }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).message).toContain('Ch3dEf6hIj9kLm2n');
    expect(changes).toEqual([]);
  });

  it('supersedes a pending change whose link expired, in the same write as the new proposal', async () => {
    const expired = pending({ expiresAt: '2026-11-03T23:00:00.000Z' });
    const closedRound = pending({ changeId: 'Old3Ef6hIj9kLm2n', round: 1 });
    const { deps, changes } = fakeDeps(returned, undefined, [expired, closedRound]);
    await correctPayee(deps, { identity: admin, claimId: CLAIM_ID, body: payee });
    expect(changes[0]?.linked.map((w) => w.kind)).toEqual(['proposePayeeChange', 'supersedePayeeChange']);
    expect(changes[0]?.linked[1]).toMatchObject({ changeId: 'Ch3dEf6hIj9kLm2n' });
    expect(changes[0]?.change.reason).toContain('replace the expired change Ch3dEf6hIj9kLm2n');
  });

  it('a confirmed change takes effect by its hash and masked details, and writes no payee item', async () => {
    const { deps, changes, started } = fakeDeps(returned, undefined, [pending()]);
    await confirmPayeeChange(deps, { identity: checker, claimId: CLAIM_ID, changeId: 'Ch3dEf6hIj9kLm2n' });
    expect(changes[0]?.change).toMatchObject({
      to: 'APPROVED',
      event: { payeeHash: 'a'.repeat(64) },
      set: { payee: { accountMasked: '****7777' } },
    });
    expect(changes[0]?.linked.map((w) => w.kind)).toEqual(['confirmPayeeChange', 'reserveUsage']);
    expect(started).toEqual([[CLAIM_ID, 2]]);
  });

  it('proposes a change that expires PAYEE_CHANGE_EXPIRY_DAYS (14) days later', async () => {
    const { deps, changes } = fakeDeps(returned);
    await correctPayee(deps, { identity: admin, claimId: CLAIM_ID, body: payee });
    const write = changes[0]?.linked[0] as Extract<LinkedWrite, { kind: 'proposePayeeChange' }>;
    expect(PAYEE_CHANGE_EXPIRY_DAYS).toBe(14);
    expect(write.change).toMatchObject({
      requestedAt: '2026-11-04T00:00:00.000Z',
      expiresAt: '2026-11-18T00:00:00.000Z',
    });
  });

  it('refuses to confirm a pending change once it expired (410 naming it and when), without writing', async () => {
    // Prepare: the change expires 2026-11-17 12:00 UTC; the clock is at that instant.
    const { deps, changes, started } = fakeDeps(
      returned,
      undefined,
      [pending()],
      new Date('2026-11-17T12:00:00.000Z'),
    );
    // Act
    const error = await confirmPayeeChange(deps, {
      identity: checker,
      claimId: CLAIM_ID,
      changeId: 'Ch3dEf6hIj9kLm2n',
    }).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(Gone);
    expect((error as Gone).title).toBe('Payee change expired');
    expect((error as Gone).message).toContain(
      'payee change Ch3dEf6hIj9kLm2n expired at 2026-11-17T12:00:00.000Z',
    );
    expect((error as Gone).message).toContain('propose the details again');
    expect(changes).toEqual([]);
    expect(started).toEqual([]);
  });

  it('confirms the same change a millisecond before it expires', async () => {
    const { deps, changes } = fakeDeps(
      returned,
      undefined,
      [pending()],
      new Date('2026-11-17T11:59:59.999Z'),
    );
    await confirmPayeeChange(deps, { identity: checker, claimId: CLAIM_ID, changeId: 'Ch3dEf6hIj9kLm2n' });
    expect(changes[0]?.change.to).toBe('APPROVED');
  });

  it('refuses to confirm a superseded change, or one proposed for an earlier round (409)', async () => {
    for (const change of [pending({ status: 'SUPERSEDED' }), pending({ round: 1 })]) {
      const { deps, changes } = fakeDeps(returned, undefined, [change]);
      const error = await confirmPayeeChange(deps, {
        identity: checker,
        claimId: CLAIM_ID,
        changeId: change.changeId,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(Conflict);
      expect(changes).toEqual([]);
    }
  });
});
