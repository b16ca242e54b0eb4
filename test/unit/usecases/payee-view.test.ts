import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import { NotFound } from '../../../functions/domain/errors.ts';
import type { PayeeChange } from '../../../functions/ports/payments-store.ts';
import { readPayee } from '../../../functions/usecases/payee-view.ts';
import { aClaim } from '../../fixtures/claims.ts';

const CLAIM_ID = 'C01PAYEEVIEWUNIT00000000001';
const admin = { subject: 'admin', roles: ['admin'] as const, memberId: null, unitCode: null };

const change = (over: Partial<PayeeChange>): PayeeChange => ({
  changeId: 'chg0000000000001',
  claimId: CLAIM_ID,
  memberId: 'M000001',
  round: 2,
  payeeMasked: { name: '黄晓彤', bankName: '建行', accountMasked: '****7777' },
  payeeHash: `v2:${'a'.repeat(64)}`,
  requestedBy: { kind: 'staff', id: 'maker' },
  requestedAt: '2026-11-04T02:00:00.000Z',
  expiresAt: '2026-11-18T02:00:00.000Z',
  linkHash: 'b'.repeat(64),
  status: 'PENDING',
  ...over,
});

function deps(claim: Claim | null, changes: PayeeChange[]) {
  const reads: string[] = [];
  return {
    reads,
    deps: {
      claims: {
        getWithTimeline: async (id: string) => {
          reads.push(`claim ${id}`);
          return { claim, timeline: [] };
        },
      },
      payments: {
        payeeChangesOf: async (id: string) => {
          reads.push(`changes ${id}`);
          return changes;
        },
      },
      registry: { getUnit: async () => null },
      now: () => new Date('2026-11-05T00:00:00.000Z'),
    } as unknown as Parameters<typeof readPayee>[0],
  };
}

describe('readPayee', () => {
  it('refuses a malformed claim id as a missing claim, reading nothing', async () => {
    const { deps: d, reads } = deps(null, []);
    await expect(readPayee(d, { identity: admin, claimId: 'C01../x' })).rejects.toBeInstanceOf(NotFound);
    expect(reads).toEqual([]);
  });

  it('has nothing pending once the claim no longer waits for details, and a change of a closed round stays in the history only', async () => {
    // Prepare: the claim was paid again in round 2; a change of round 2 left PENDING (an older proposal).
    const claim = aClaim({
      claimId: CLAIM_ID,
      status: 'PAID',
      payout: { payoutId: `P${CLAIM_ID.slice(1)}-2`, amountFen: 80_000, paidAt: '2026-11-04T00:00:00.000Z' },
    });
    const { deps: d } = deps(claim, [
      change({ status: 'SUPERSEDED' }),
      change({ changeId: 'chg0000000000002' }),
    ]);
    // Act
    const view = await readPayee(d, { identity: admin, claimId: CLAIM_ID });
    // Assess
    expect(view.pending).toBeNull();
    expect(view.history.map((h) => [h.changeId, h.status])).toEqual([
      ['chg0000000000001', 'SUPERSEDED'],
      ['chg0000000000002', 'PENDING'],
    ]);
    expect(JSON.stringify(view)).not.toContain('a'.repeat(64));
    expect(JSON.stringify(view)).not.toContain('b'.repeat(64));
  });
});
