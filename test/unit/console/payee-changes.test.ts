import { describe, expect, it } from 'vitest';
import { type PayeeEvent, pendingChangeOf } from '../../../console/src/payee-changes.ts';
import type { Claim } from '../../../functions/domain/claim.ts';
import type { ClaimChange } from '../../../functions/ports/claims-store.ts';
import { correctPayee } from '../../../functions/usecases/payee-correction.ts';
import { aClaim } from '../../fixtures/claims.ts';

const CLAIM_ID = 'C01KZ0000000000000000000019';
const admin = { subject: 'admin-1', roles: ['admin'] as const, memberId: null, unitCode: null };
const returned = aClaim({
  claimId: CLAIM_ID,
  at: '2026-11-01T00:00:00.000Z',
  incidentDate: '2026-11-01',
  payee: { name: '王芳', bankName: '中国工商银行', accountMasked: '***************3445' },
  status: 'PAYOUT_RETURNED',
  payout: {
    payoutId: `P${CLAIM_ID.slice(1)}`,
    amountFen: 100000,
    paidAt: '2026-11-02T00:00:00.000Z',
    returned: { at: '2026-11-03T00:00:00.000Z', reason: '账户已销户' },
  },
});

/** The audit event the API writes when staff propose new details, and the change it names. */
async function proposal(): Promise<{ event: PayeeEvent; changeId: string }> {
  const written: ClaimChange[] = [];
  const deps = {
    claims: {
      get: async () => returned,
      change: async (c: Claim, change: ClaimChange) => {
        written.push(change);
        return c;
      },
    },
    registry: { getMember: async () => ({ memberId: returned.memberId, name: '王芳', mobile: '' }) },
    programs: { listVersions: async () => [] },
    payments: { payeeChangesOf: async () => [] },
    notifier: { send: async () => undefined },
    linkBaseUrl: 'https://u.union.example',
    payeeKey: async () => 'payee-changes-test-key',
    now: () => new Date('2026-11-04T00:00:00.000Z'),
  } as unknown as Parameters<typeof correctPayee>[0];
  const answer = await correctPayee(deps, {
    identity: admin,
    claimId: CLAIM_ID,
    body: { name: '王芳', bankName: '中国建设银行北京西城支行', accountNumber: '6217000010001234567' },
  });
  const change = written[0];
  if (change === undefined || answer.changeId === undefined) throw new Error('no proposal written');
  return {
    event: { seq: 3, at: change.at, actor: change.actor, action: change.action, reason: change.reason },
    changeId: answer.changeId,
  };
}

const event = (seq: number, action: string): PayeeEvent => ({
  seq,
  at: `2026-11-0${seq}T00:00:00.000Z`,
  actor: { kind: 'staff', id: 'someone' },
  action,
  reason: action,
});

describe('console payee changes', () => {
  describe('pendingChangeOf', () => {
    it('finds the change the API’s proposal event names, after the return', async () => {
      const proposed = await proposal();
      const timeline = [event(1, 'paid'), event(2, 'payout-returned'), proposed.event];
      expect(pendingChangeOf(timeline)).toEqual({ changeId: proposed.changeId, event: proposed.event });
    });

    it('has none once a correction took effect, or after a later return', async () => {
      const proposed = await proposal();
      expect(
        pendingChangeOf([event(2, 'payout-returned'), proposed.event, event(4, 'payee-corrected')]),
      ).toBe(null);
      expect(pendingChangeOf([proposed.event, event(5, 'payout-returned')])).toBe(null);
      expect(pendingChangeOf([event(1, 'paid'), event(2, 'payout-returned')])).toBe(null);
    });
  });
});
