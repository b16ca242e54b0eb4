import { describe, expect, it } from 'vitest';
import { claimListIndex } from '../../../../functions/adapters/dynamodb/claim-list-index.ts';

describe('claim-list-index', () => {
  describe('claimListIndex', () => {
    it('keys a claim by its unit and its UTC month, both sorted by submission time then id', () => {
      expect(
        claimListIndex({ claimId: 'C1', unitCode: 'BJ-HD-001', submittedAt: '2026-05-31T16:30:00.000Z' }),
      ).toEqual({
        gsi2pk: 'UNITCLAIMS#BJ-HD-001',
        gsi2sk: '2026-05-31T16:30:00.000Z#C1',
        gsi3pk: 'MONTHCLAIMS#2026-05',
        gsi3sk: '2026-05-31T16:30:00.000Z#C1',
      });
      expect(
        claimListIndex({ claimId: 'C2', unitCode: null, submittedAt: '2026-01-01T00:00:00.000Z' }).gsi2pk,
      ).toBe('UNITCLAIMS#-');
    });
  });
});
