import { describe, expect, it } from 'vitest';
import { tierOf } from '../../../functions/tracing/annotated-claims-store.ts';
import { aClaim } from '../../fixtures/claims.ts';

const chain = [
  { level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' },
  { level: 2, tier: 'district', unitCode: 'BJ-HD' },
  { level: 3, tier: 'city', unitCode: 'BJ' },
] as const;
const approved = (level: number) =>
  ({
    level,
    decision: 'approve',
    approverId: 'A',
    reason: '',
    decidedAt: '2026-10-05T00:00:00.000Z',
  }) as const;

describe('annotatedClaimsStore', () => {
  describe('tierOf', () => {
    it('names the tier of the level a claim waits at, or the one that decided it last', () => {
      expect(tierOf(aClaim({ claimId: 'C', status: 'AWAITING_APPROVAL', approvalChain: chain }))).toBe(
        'grassroots',
      );
      expect(
        tierOf(
          aClaim({ claimId: 'C', status: 'AWAITING_APPROVAL', approvalChain: chain, approval: approved(1) }),
        ),
      ).toBe('district');
      expect(
        tierOf(aClaim({ claimId: 'C', status: 'APPROVED', approvalChain: chain, approval: approved(3) })),
      ).toBe('city');
      expect(tierOf(aClaim({ claimId: 'C', status: 'SUBMITTED' }))).toBeUndefined();
    });
  });
});
