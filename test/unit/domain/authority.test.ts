import { describe, expect, it } from 'vitest';
import { approvalChain } from '../../../functions/domain/authority.ts';

const haidian = [
  { code: 'BJ', tier: 'city' as const },
  { code: 'BJ-HD', tier: 'district' as const },
  { code: 'BJ-HD-001', tier: 'grassroots' as const },
];
const construction = [
  { code: 'BJ', tier: 'city' as const },
  { code: 'BJ-IND-CONST', tier: 'industry' as const },
  { code: 'BJ-IND-CONST-002', tier: 'grassroots' as const },
];

describe('authority', () => {
  describe('approvalChain', () => {
    it.each([
      [1_00, ['BJ-HD-001']],
      [2000_00, ['BJ-HD-001']],
      [2000_01, ['BJ-HD-001', 'BJ-HD']],
      [10000_00, ['BJ-HD-001', 'BJ-HD']],
      [10000_01, ['BJ-HD-001', 'BJ-HD', 'BJ']],
      [20000_00, ['BJ-HD-001', 'BJ-HD', 'BJ']],
    ])('%i fen needs %j', (fen, units) => {
      expect(approvalChain(fen, haidian).map((s) => s.unitCode)).toEqual(units);
    });

    it('numbers the levels and names their tiers; an industry union stands where a district would', () => {
      expect(approvalChain(5000_00, construction)).toEqual([
        { level: 1, tier: 'grassroots', unitCode: 'BJ-IND-CONST-002' },
        { level: 2, tier: 'industry', unitCode: 'BJ-IND-CONST' },
      ]);
    });
  });
});
