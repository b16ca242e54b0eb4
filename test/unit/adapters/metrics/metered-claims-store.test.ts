import { describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../../../functions/adapters/metrics/memory-metrics.ts';
import { meteredClaimsStore } from '../../../../functions/adapters/metrics/metered-claims-store.ts';
import type { Claim, ClaimStatus } from '../../../../functions/domain/claim.ts';
import { CLAIM_METRICS } from '../../../../functions/metrics/names.ts';
import {
  type ApprovalRequest,
  type ClaimChange,
  ClaimConflictError,
  type ClaimsStore,
  type LinkedWrite,
  type NewClaim,
} from '../../../../functions/ports/claims-store.ts';
import type { StoredFlag } from '../../../../functions/ports/fraud-store.ts';
import { aClaim } from '../../../fixtures/claims.ts';

const AT = '2026-10-05T08:00:00.000Z';

/** A claims store that commits every change (or refuses each with `conflict`), with one open level. */
function setup(o: { created?: boolean; conflict?: boolean; openedAt?: string } = {}) {
  const calls: string[] = [];
  const inner = {
    create: async (_input: NewClaim) =>
      o.created === false
        ? { created: false as const, claimId: 'C-0', bodyHash: 'h' }
        : { created: true as const },
    change: async (claim: Claim, change: ClaimChange) => {
      if (o.conflict === true) throw new ClaimConflictError('stale-claim', 'moved on');
      return { ...claim, status: change.to, version: claim.version + 1 };
    },
    getApprovalRequest: async (claimId: string, level: number) =>
      ({ claimId, level, createdAt: o.openedAt ?? '2026-10-05T06:00:00.000Z' }) as ApprovalRequest,
    markNotified: async (claimId: string, level: number) => {
      calls.push(`markNotified ${claimId} ${level}`);
    },
  } as unknown as ClaimsStore;
  const metrics = new MemoryMetrics();
  return { store: meteredClaimsStore(inner, metrics), metrics, calls };
}

const change = (to: ClaimStatus, extra: Partial<ClaimChange> = {}): ClaimChange => ({
  to,
  actor: { kind: 'system', id: 'test' },
  action: 'test',
  reason: '',
  at: AT,
  ...extra,
});

const claimAt = (status: ClaimStatus) =>
  aClaim({
    claimId: 'C-1',
    status,
    approvalChain: [
      { level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' },
      { level: 2, tier: 'district', unitCode: 'BJ-HD' },
    ],
  });

describe('meteredClaimsStore', () => {
  describe('create', () => {
    it('counts a claim submitted once: a repeated submission that finds the claim counts nothing', async () => {
      const fresh = setup();
      const repeat = setup({ created: false });

      await fresh.store.create({} as NewClaim);
      await repeat.store.create({} as NewClaim);

      expect(fresh.metrics.values).toEqual([{ name: CLAIM_METRICS.submitted, unit: 'Count', value: 1 }]);
      expect(repeat.metrics.values).toEqual([]);
    });
  });

  describe('change', () => {
    it.each([
      ['APPROVED', CLAIM_METRICS.approved],
      ['REJECTED', CLAIM_METRICS.rejected],
      ['FAILED', CLAIM_METRICS.failed],
      ['ON_HOLD', CLAIM_METRICS.held],
    ] as const)('counts a claim that reaches %s as %s', async (status, metric) => {
      const { store, metrics } = setup();

      await store.change(claimAt('AWAITING_FUNDS'), change(status));

      expect(metrics.values).toEqual([{ name: metric, unit: 'Count', value: 1 }]);
    });

    it('counts a claim paid and the fen it was paid', async () => {
      const { store, metrics } = setup();
      const payout = { payoutId: 'P-1', amountFen: 1234_56, paidAt: AT };

      await store.change(claimAt('APPROVED'), change('PAID', { set: { payout } }));

      expect(metrics.total(CLAIM_METRICS.paid)).toBe(1);
      expect(metrics.total(CLAIM_METRICS.paidFen)).toBe(1234_56);
    });

    it('counts nothing for a change that keeps the status or does not commit', async () => {
      const same = setup();
      const refused = setup({ conflict: true });

      await same.store.change(claimAt('APPROVED'), change('APPROVED'));
      await expect(refused.store.change(claimAt('APPROVED'), change('PAID'))).rejects.toThrow(
        ClaimConflictError,
      );

      expect(same.metrics.values).toEqual([]);
      expect(refused.metrics.values).toEqual([]);
    });

    it('counts each fraud flag raised with the change', async () => {
      const { store, metrics } = setup();
      const flag = (key: string) => ({ kind: 'raiseFlag', flag: { key } as StoredFlag }) as LinkedWrite;

      await store.change(claimAt('PAID'), change('PAID'), [flag('a'), flag('b')]);

      expect(metrics.values).toEqual([{ name: CLAIM_METRICS.fraudFlagsRaised, unit: 'Count', value: 2 }]);
    });

    it("records an approver's decision as the seconds since the level opened, by the tier of its unit", async () => {
      const { store, metrics } = setup({ openedAt: '2026-10-05T06:00:00.000Z' });
      const decision = {
        level: 2,
        decision: 'approve',
        approverId: 'A-1',
        reason: '',
        decidedAt: AT,
      } as const;

      await store.change(claimAt('AWAITING_APPROVAL'), change('APPROVED', { set: { approval: decision } }), [
        { kind: 'decideApproval', level: 2, decision },
      ]);

      expect(metrics.values).toContainEqual({
        name: CLAIM_METRICS.approvalLatency,
        unit: 'Seconds',
        value: 2 * 3600,
        dimensions: { Tier: 'district' },
      });
      expect(metrics.total(CLAIM_METRICS.approved)).toBe(1);
    });
  });

  describe('other methods', () => {
    it('pass through to the store unchanged', async () => {
      const { store, metrics, calls } = setup();

      await store.markNotified('C-1', 2);

      expect(calls).toEqual(['markNotified C-1 2']);
      expect(metrics.values).toEqual([]);
    });
  });
});
