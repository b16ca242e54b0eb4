import { describe, expect, it } from 'vitest';
import { isMainlandMobile, parseIdNumber } from '../../../../functions/domain/id-number.ts';
import type { Unit } from '../../../../functions/domain/registry.ts';
import {
  buildDemoData,
  DEMO_BUDGET_PROGRAM_IDS,
  DEMO_MEMBER_ID,
  type DemoData,
} from '../../../../infra/local/demo-data.ts';

const HASH_KEY = 'demo-data-test-key';
const YEAR = 2026;
const data: DemoData = buildDemoData({ hashKey: HASH_KEY, year: YEAR });
const unitsByCode = new Map<string, Unit>(data.units.map((u) => [u.code, u]));

const DISTRICT_CODES = [
  'BJ-DC',
  'BJ-XC',
  'BJ-CY',
  'BJ-HD',
  'BJ-FT',
  'BJ-SJS',
  'BJ-MTG',
  'BJ-FS',
  'BJ-TZ',
  'BJ-SY',
  'BJ-CP',
  'BJ-DX',
  'BJ-HR',
  'BJ-PG',
  'BJ-MY',
  'BJ-YQ',
  'BJ-ETDA',
];
const EMAIL = /^[a-z][a-z0-9.]*@[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*\.example$/;

/** Every string anywhere in `value` (keys included), for scanning the data for personal numbers. */
function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  }
  return [];
}

describe('demo-data', () => {
  describe('buildDemoData', () => {
    it('is deterministic: the same options give the same data', () => {
      // Act
      const again = buildDemoData({ hashKey: HASH_KEY, year: YEAR });

      // Assess
      expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    });

    it('gives different people for a different seed, and different hashes only for a different key', () => {
      // Act
      const otherSeed = buildDemoData({ hashKey: HASH_KEY, year: YEAR, seed: 7 });
      const otherKey = buildDemoData({ hashKey: 'another-key', year: YEAR });

      // Assess
      expect(otherSeed.members.map((m) => m.name)).not.toEqual(data.members.map((m) => m.name));
      expect(otherSeed.units).toEqual(data.units);
      expect(otherKey.members.map((m) => ({ ...m, idNumberHash: '' }))).toEqual(
        data.members.map((m) => ({ ...m, idNumberHash: '' })),
      );
      otherKey.members.forEach((m, i) => {
        expect(m.idNumberHash).not.toBe(data.members[i]?.idNumberHash);
      });
    });

    it('has the city federation as the single root', () => {
      const roots = data.units.filter((u) => u.parentCode === null);
      expect(roots).toEqual([
        {
          code: 'BJ',
          name: '北京市总工会',
          nameEn: 'Beijing Federation of Trade Unions',
          tier: 'city',
          parentCode: null,
          path: 'BJ',
        },
      ]);
    });

    it('has the 16 districts and the development area as districts, and 3 to 4 industry unions', () => {
      // Prepare
      const districts = data.units.filter((u) => u.tier === 'district');
      const industries = data.units.filter((u) => u.tier === 'industry');

      // Assess
      expect(districts.map((u) => u.code).sort()).toEqual([...DISTRICT_CODES].sort());
      expect(unitsByCode.get('BJ-HD')?.name).toBe('海淀区总工会');
      expect(unitsByCode.get('BJ-DC')?.nameEn).toBe('Dongcheng District Federation of Trade Unions');
      expect(unitsByCode.get('BJ-IND-CONST')?.name).toBe('北京市建设工会');
      expect(industries.length).toBeGreaterThanOrEqual(3);
      expect(industries.length).toBeLessThanOrEqual(4);
      for (const unit of [...districts, ...industries]) {
        expect(unit.parentCode).toBe('BJ');
      }
    });

    it('has two grassroots units numbered 001 and 002 under every district and industry union', () => {
      for (const parent of data.units.filter((u) => u.tier === 'district' || u.tier === 'industry')) {
        const children = data.units.filter((u) => u.parentCode === parent.code);
        expect(children.map((u) => u.code)).toEqual([`${parent.code}-001`, `${parent.code}-002`]);
        expect(children.every((u) => u.tier === 'grassroots')).toBe(true);
      }
      expect(data.units.some((u) => u.name.includes('工会服务站'))).toBe(true);
    });

    it('gives every unit a unique code, names in both languages and a path that matches its ancestry', () => {
      // Assess: codes unique
      expect(unitsByCode.size).toBe(data.units.length);

      for (const unit of data.units) {
        expect(unit.name).toMatch(/工会/);
        expect(unit.nameEn).toMatch(/Trade Union/);
        // Walk up the parents and rebuild the path.
        const ancestry: string[] = [];
        let current: Unit | undefined = unit;
        while (current !== undefined) {
          ancestry.unshift(current.code);
          current = current.parentCode === null ? undefined : unitsByCode.get(current.parentCode);
          expect(ancestry.length).toBeLessThanOrEqual(4);
        }
        expect(ancestry[0]).toBe('BJ');
        expect(unit.path).toBe(ancestry.join('/'));
      }
    });

    it('gives every unit at every tier two approvers with valid e-mail and mobile', () => {
      // Assess: approver ids unique
      expect(new Set(data.approvers.map((a) => a.approverId)).size).toBe(data.approvers.length);

      for (const unit of data.units) {
        const approvers = data.approvers.filter((a) => a.unitCode === unit.code);
        expect(approvers.map((a) => a.approverId)).toEqual([`A-${unit.code}-1`, `A-${unit.code}-2`]);
        for (const approver of approvers) {
          expect(approver.name).toMatch(/^\p{Script=Han}{2,3}$/u);
          expect(approver.email).toMatch(EMAIL);
          expect(isMainlandMobile(approver.mobile)).toBe(true);
        }
        expect(new Set(approvers.map((a) => a.email)).size).toBe(2);
      }
      expect(data.approvers.every((a) => unitsByCode.has(a.unitCode))).toBe(true);
    });

    it('makes exactly one approver of each grassroots unit an active member of that unit', () => {
      // Prepare
      const membersById = new Map(data.members.map((m) => [m.memberId, m]));

      for (const unit of data.units) {
        // Act
        const withMember = data.approvers.filter((a) => a.unitCode === unit.code && a.memberId !== null);

        // Assess
        expect(withMember).toHaveLength(unit.tier === 'grassroots' ? 1 : 0);
        for (const approver of withMember) {
          const member = approver.memberId === null ? undefined : membersById.get(approver.memberId);
          expect(member).toMatchObject({
            unitCode: unit.code,
            name: approver.name,
            mobile: approver.mobile,
            status: 'active',
          });
        }
      }
    });

    it('has a few hundred members, each in a grassroots unit, with unique ids, hashes and mobiles', () => {
      // Assess
      expect(data.members.length).toBeGreaterThanOrEqual(200);
      expect(data.members.length).toBeLessThanOrEqual(1000);
      expect(data.members).toHaveLength(42 * 12);
      for (const member of data.members) {
        expect(unitsByCode.get(member.unitCode)?.tier).toBe('grassroots');
        expect(member.memberId).toMatch(/^M\d{6}$/);
        expect(member.name).toMatch(/^\p{Script=Han}{2,3}$/u);
        expect(isMainlandMobile(member.mobile)).toBe(true);
      }
      expect(new Set(data.members.map((m) => m.memberId)).size).toBe(data.members.length);
      expect(new Set(data.members.map((m) => m.idNumberHash)).size).toBe(data.members.length);
      expect(new Set(data.members.map((m) => m.mobile)).size).toBe(data.members.length);
    });

    it('honours membersPerUnit', () => {
      const small = buildDemoData({ hashKey: HASH_KEY, year: YEAR, membersPerUnit: 3 });
      expect(small.members).toHaveLength(42 * 3);
    });

    it('stores only the keyed hash and a mask of each ID number, with the district area code', () => {
      // Prepare: districts' official area codes.
      const areaCodes: Record<string, string> = { 'BJ-HD': '110108', 'BJ-DC': '110101', 'BJ-YQ': '110119' };

      for (const member of data.members) {
        expect(member.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
        expect(member.idNumberMasked).toMatch(/^11\d{4}\*{8}\d{3}[\dX]$/);
        const parentCode = unitsByCode.get(member.unitCode)?.parentCode ?? '';
        const expectedArea = areaCodes[parentCode];
        if (expectedArea !== undefined) {
          expect(member.idNumberMasked.slice(0, 6)).toBe(expectedArea);
        }
      }
    });

    it('has mostly active members, a few suspended or left, and a few hardship members and model workers', () => {
      // Prepare
      const count = (predicate: (m: (typeof data.members)[number]) => boolean): number =>
        data.members.filter(predicate).length;
      const total = data.members.length;

      // Assess
      expect(count((m) => m.status === 'active')).toBeGreaterThan(total * 0.75);
      for (const n of [
        count((m) => m.status === 'suspended'),
        count((m) => m.status === 'left'),
        count((m) => m.hardship),
        count((m) => m.modelWorker),
      ]) {
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThan(total * 0.15);
      }
    });

    it('dates memberships from 2008 to two years before the year, and ends only those who left', () => {
      for (const member of data.members) {
        expect(member.joinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(member.joinedOn >= '2008-01-01').toBe(true);
        expect(member.joinedOn <= `${YEAR - 2}-12-31`).toBe(true);
        if (member.status === 'left') {
          expect(member.leftOn).not.toBeNull();
          expect((member.leftOn ?? '') > member.joinedOn).toBe(true);
          expect((member.leftOn ?? '') < `${YEAR}-01-01`).toBe(true);
        } else {
          expect(member.leftOn).toBeNull();
        }
      }
    });

    it('makes M000001 an active member of BJ-HD-001 for at least two years, and not an approver', () => {
      // Act
      const demo = data.members.find((m) => m.memberId === DEMO_MEMBER_ID);

      // Assess
      expect(DEMO_MEMBER_ID).toBe('M000001');
      expect(demo).toMatchObject({ unitCode: 'BJ-HD-001', status: 'active', leftOn: null });
      expect((demo?.joinedOn ?? '9999') <= `${YEAR - 2}-01-01`).toBe(true);
      expect(data.approvers.some((a) => a.memberId === DEMO_MEMBER_ID)).toBe(false);
      expect(data.approvers.some((a) => a.name === demo?.name && a.mobile === demo?.mobile)).toBe(false);
    });

    it('budgets every grassroots unit for every money program in the year, in positive whole fen', () => {
      // Prepare
      const grassroots = data.units.filter((u) => u.tier === 'grassroots');

      // Assess
      expect(data.budgets).toHaveLength(grassroots.length * DEMO_BUDGET_PROGRAM_IDS.length);
      for (const unit of grassroots) {
        for (const programId of DEMO_BUDGET_PROGRAM_IDS) {
          const lines = data.budgets.filter((b) => b.unitCode === unit.code && b.programId === programId);
          expect(lines).toHaveLength(1);
        }
      }
      for (const budget of data.budgets) {
        expect(budget.year).toBe(YEAR);
        expect(budget.paidFen).toBe(0);
        expect(Number.isSafeInteger(budget.allocatedFen)).toBe(true);
        expect(budget.allocatedFen).toBeGreaterThanOrEqual(20_000_00);
        expect(budget.allocatedFen).toBeLessThanOrEqual(200_000_00);
        expect(budget.allocatedFen % 1_000_000).toBe(0);
        if (budget.programId === 'accident-protection') {
          expect(budget.allocatedFen).toBeGreaterThanOrEqual(100_000_00);
        }
      }
    });

    it('defaults the budget year to the current year', () => {
      // Act
      const current = buildDemoData({ hashKey: HASH_KEY });

      // Assess: the current year in Beijing (UTC+8) is this or next UTC year on New Year's Eve.
      const utcYear = new Date().getUTCFullYear();
      expect([utcYear, utcYear + 1]).toContain(current.budgets[0]?.year);
    });

    it('contains no raw 18-digit ID number anywhere', () => {
      // Prepare
      const json = JSON.stringify(data);
      const strings = allStrings(data);

      // Assess: no digit run of ID length stands alone in the JSON...
      expect(json).not.toMatch(/(?<![0-9a-fA-F])\d{17}[\dXx](?![0-9a-zA-Z])/);
      // ...and no 18-character window of any string, hashes included, is a valid ID number.
      const found = strings.filter((s) =>
        Array.from({ length: Math.max(0, s.length - 17) }, (_, i) => s.slice(i, i + 18)).some(
          (window) => parseIdNumber(window).ok,
        ),
      );
      expect(found).toEqual([]);
    });

    it('refuses unusable options', () => {
      expect(() => buildDemoData({ hashKey: '' })).toThrow(RangeError);
      expect(() => buildDemoData({ hashKey: HASH_KEY, membersPerUnit: 1 })).toThrow(RangeError);
      expect(() => buildDemoData({ hashKey: HASH_KEY, year: 2000 })).toThrow(RangeError);
      expect(() => buildDemoData({ hashKey: HASH_KEY, seed: 1.5 })).toThrow(RangeError);
    });
  });
});
