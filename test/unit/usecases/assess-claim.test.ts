import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import { assessClaim } from '../../../functions/usecases/assess-claim.ts';
import { aClaim } from '../../fixtures/claims.ts';

type AssessDeps = Parameters<typeof assessClaim>[0];

/** Deps that hold one claim (read with its documents) and refuse everything else a payout round must not do. */
function depsWith(claim: Claim): { deps: AssessDeps; touched: string[] } {
  const touched: string[] = [];
  const refuse = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, method) => () => {
          touched.push(`${name}.${String(method)}`);
          return Promise.reject(new Error(`${name}.${String(method)} not expected`));
        },
      },
    );
  const deps = {
    claims: refuse('claims'),
    registry: refuse('registry'),
    programs: refuse('programs'),
    usage: refuse('usage'),
    documents: refuse('documents'),
    payments: {
      keepDetailsOfConfirmedChange: async (claimId: string, round: number) => {
        touched.push(`payments.keepDetailsOfConfirmedChange(${claimId}, ${round})`);
        return null;
      },
    },
    documentWaits: {
      getWithClaim: async () => ({ claim, documents: [], wait: null }),
    },
    now: () => new Date('2026-12-05T00:00:00.000Z'),
  } as unknown as AssessDeps;
  return { deps, touched };
}

describe('assessClaim', () => {
  describe('a payout round', () => {
    it('leaves by Claim.PayoutRound for a claim paid before, changing nothing but keeping the bank details of a change confirmed for the round', async () => {
      // Prepare: paid, returned by the bank, payee corrected: APPROVED again with the returned payout.
      const claim = aClaim({
        claimId: 'C01PAYOUTROUND',
        status: 'APPROVED',
        payout: {
          payoutId: 'P01PAYOUTROUND-1',
          amountFen: 1000_00,
          paidAt: '2026-12-01T00:00:00.000Z',
          returned: { at: '2026-12-02T00:00:00.000Z', reason: 'account closed' },
        },
      } as Partial<Claim> & { claimId: string });
      const { deps, touched } = depsWith(claim);
      // Act
      const assessed = assessClaim(deps, claim.claimId);
      // Assess
      await expect(assessed).rejects.toMatchObject({ name: 'Claim.PayoutRound' });
      expect(touched).toEqual(['payments.keepDetailsOfConfirmedChange(C01PAYOUTROUND, 2)']);
    });

    it('leaves by Claim.PayoutRound for a claim whose payout stands (a replay after it paid), reading nothing more', async () => {
      const claim = aClaim({
        claimId: 'C01PAIDROUND',
        status: 'PAID',
        payout: { payoutId: 'P01PAIDROUND-2', amountFen: 1000_00, paidAt: '2026-12-03T00:00:00.000Z' },
      } as Partial<Claim> & { claimId: string });
      const { deps, touched } = depsWith(claim);
      await expect(assessClaim(deps, claim.claimId)).rejects.toMatchObject({ name: 'Claim.PayoutRound' });
      expect(touched).toEqual([]);
    });

    it('assesses a claim never paid as before (it reads the registry)', async () => {
      const { deps, touched } = depsWith(aClaim({ claimId: 'C01NEWCLAIM', status: 'SUBMITTED' }));
      await expect(assessClaim(deps, 'C01NEWCLAIM')).rejects.toThrow('not expected');
      expect(touched[0]).toBe('registry.getMember');
    });
  });
});
