import { describe, expect, it } from 'vitest';
import { checkMembership } from '../../../functions/domain/membership.ts';
import type { Member, Unit } from '../../../functions/domain/registry.ts';

const unit: Unit = {
  code: 'BJ-HD-001',
  name: '中关村软件园工会',
  nameEn: 'Zhongguancun Software Park Union',
  tier: 'grassroots',
  parentCode: 'BJ-HD',
  path: 'BJ/BJ-HD/BJ-HD-001',
};
const member: Member = {
  memberId: 'M000001',
  name: '王芳',
  idNumberHash: 'h',
  idNumberMasked: '110108********1234',
  mobile: '13800000000',
  sex: 'female',
  unitCode: 'BJ-HD-001',
  status: 'active',
  joinedOn: '2020-05-01',
  leftOn: null,
  hardship: false,
  modelWorker: false,
};

function failed(m: Member | null, u: Unit | null, date = '2026-03-01'): string[] {
  return checkMembership(m, u, date)
    .results.filter((r) => !r.passed)
    .map((r) => r.code);
}

describe('membership', () => {
  describe('checkMembership', () => {
    it('verifies an active member of a grassroots unit who joined before the incident', () => {
      expect(checkMembership(member, unit, '2026-03-01').verified).toBe(true);
      expect(failed(member, unit)).toEqual([]);
    });
    it('rejects an unknown member', () => {
      expect(failed(null, null)).toEqual(['member-registered']);
    });
    it('rejects a suspended member', () => {
      expect(failed({ ...member, status: 'suspended' }, unit)).toEqual(['membership-active']);
    });
    it('accepts a member who left after the incident and rejects one who left before', () => {
      expect(failed({ ...member, status: 'left', leftOn: '2026-06-01' }, unit)).toEqual([]);
      expect(failed({ ...member, status: 'left', leftOn: '2026-01-01' }, unit)).toEqual([
        'membership-active',
      ]);
    });
    it('rejects an incident before the member joined', () => {
      expect(failed(member, unit, '2020-04-30')).toEqual(['joined-before-incident']);
    });
    it('rejects a member whose unit is unknown or not a grassroots unit', () => {
      expect(failed(member, null)).toEqual(['unit-known']);
      expect(failed(member, { ...unit, tier: 'district' })).toEqual(['unit-known']);
    });
  });
});
