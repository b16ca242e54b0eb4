import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, programIds } from '../../../../functions/domain/programs/catalog.ts';
import { programState, versionInForce } from '../../../../functions/domain/programs/versions.ts';
import { factsSchemaFor } from '../../../../functions/schemas/claim-facts.ts';
import { fieldErrors } from '../../../../functions/schemas/field-errors.ts';
import { type AmountRule, isMoneyBenefit } from '../../../../functions/schemas/program-amounts.ts';
import { ProgramVersion } from '../../../../functions/schemas/programs.ts';

/** PROGRAMS.md: the ten programs, and whether each pays money through claims or is service only. */
const PROGRAMS: readonly [string, 'money' | 'service'][] = [
  ['skill-boost', 'money'],
  ['legal-aid', 'money'],
  ['culture-sports', 'service'],
  ['medical-mutual-aid', 'money'],
  ['health-promotion', 'service'],
  ['occupational-rehab', 'service'],
  ['accident-protection', 'money'],
  ['psychological-care', 'service'],
  ['hardship-aid', 'money'],
  ['maternal-care', 'service'],
];

function version(programId: string): ProgramVersion {
  const found = DEFAULT_CATALOG.find((v) => v.programId === programId);
  if (found === undefined) throw new Error(`no ${programId}`);
  return found;
}

/** A valid version to break one field at a time (a JSON copy, as an admin would POST it). */
function validJson(): Record<string, unknown> & { benefits: Record<string, unknown>[] } {
  return JSON.parse(JSON.stringify(version('accident-protection')));
}

function errorFields(input: unknown): string[] {
  const parsed = ProgramVersion.safeParse(input);
  return parsed.success ? [] : fieldErrors(parsed.error).map((e) => e.field);
}

function errorsOf(input: unknown) {
  const parsed = ProgramVersion.safeParse(input);
  return parsed.success ? [] : fieldErrors(parsed.error);
}

describe('programs catalog', () => {
  describe('DEFAULT_CATALOG', () => {
    it.each(DEFAULT_CATALOG.map((v) => [v.programId, v] as const))(
      '%s passes the schema unchanged',
      (_id, v) => {
        // Act
        const parsed = ProgramVersion.safeParse(JSON.parse(JSON.stringify(v)));
        // Assess
        expect(parsed.success ? [] : fieldErrors(parsed.error)).toEqual([]);
        expect(parsed.data).toEqual(v);
      },
    );

    it('holds the ten programs of PROGRAMS.md, one version each, from the plan date', () => {
      expect(programIds().sort()).toEqual(PROGRAMS.map(([id]) => id).sort());
      expect(DEFAULT_CATALOG).toHaveLength(10);
      for (const v of DEFAULT_CATALOG) {
        expect([v.version, v.effectiveFrom, v.retired, v.claimDeadlineDays]).toEqual([
          '2015.1',
          '2015-01-09',
          false,
          365,
        ]);
      }
    });

    it.each(PROGRAMS)('%s is %s', (programId, kind) => {
      const v = version(programId);
      const money = v.benefits.filter(isMoneyBenefit);
      if (kind === 'service') {
        expect(money).toEqual([]);
        expect(v.benefits.length).toBeGreaterThanOrEqual(2);
        expect(v.benefits.length).toBeLessThanOrEqual(4);
        expect(v.annualCapFen).toBeNull();
      } else {
        expect(money.length).toBeGreaterThan(0);
        for (const b of money) expect(b.evidenceKinds.length).toBeGreaterThan(0);
      }
    });

    it('offers the benefits named in the brief', () => {
      const ids = (programId: string) => version(programId).benefits.map((b) => b.id);
      expect(ids('skill-boost')).toEqual(['technician', 'senior-technician', 'competition']);
      expect(ids('legal-aid')).toEqual([
        'consultation',
        'representation',
        'document-drafting',
        'mediation',
        'litigation-subsidy',
      ]);
      expect(ids('medical-mutual-aid')).toEqual([
        'outpatient',
        'inpatient',
        'hospital-daily-allowance',
        'critical-illness',
        'female-special-disease',
        'accidental-injury',
        'child-accident',
      ]);
      expect(ids('accident-protection')).toEqual(['disability', 'death', 'fire', 'flood']);
      expect(ids('hardship-aid')).toEqual([
        'living-aid',
        'employment-help',
        'medical-aid',
        'emergency-aid',
        'spring-festival',
        'single-parent',
        'model-worker-care',
        'education-aid',
      ]);
      expect(ids('maternal-care')).toContain('nursing-room');
      expect(ids('psychological-care')).toEqual(['check-up', 'counselling']);
    });

    it('carries the program-level figures', () => {
      const mma = version('medical-mutual-aid');
      expect([mma.waitingPeriodDays, mma.annualCapFen]).toEqual([90, 20000_00]);
      expect(version('legal-aid').annualCapFen).toBe(5000_00);
      expect(version('hardship-aid').requires).toBe('hardshipOrModelWorker');
      for (const v of DEFAULT_CATALOG.filter((v) => v.programId !== 'medical-mutual-aid')) {
        expect(v.waitingPeriodDays).toBe(0);
      }
    });

    it('dates the campaigns', () => {
      const windows = Object.fromEntries(
        version('hardship-aid')
          .benefits.filter((b) => b.window != null)
          .map((b) => [b.id, b.window]),
      );
      expect(windows).toEqual({
        'spring-festival': { from: '12-15', to: '02-28' },
        'single-parent': { from: '03-01', to: '03-31' },
        'model-worker-care': { from: '04-15', to: '05-15' },
        'education-aid': { from: '08-01', to: '09-30' },
      });
    });
  });

  describe('ProgramVersion', () => {
    it('rejects negative fen, naming the field', () => {
      const json = validJson();
      json.benefits[1] = { ...json.benefits[1], amount: { kind: 'fixed', fen: -100 } };
      expect(errorsOf(json)).toEqual([
        { field: 'benefits.1.amount.fen', message: 'must be more than 0 fen' },
      ]);
    });

    it('rejects fen as a float', () => {
      const json = validJson();
      json.benefits[2] = { ...json.benefits[2], amount: { kind: 'lossUpToCap', capFen: 10000.5 } };
      expect(errorsOf(json)).toEqual([
        { field: 'benefits.2.amount.capFen', message: 'must be a whole number (integer fen)' },
      ]);
    });

    it('rejects a negative deductible, a ratio above 100% and a float program cap', () => {
      const json = validJson();
      json.annualCapFen = 100.25;
      json.benefits[2] = {
        ...json.benefits[2],
        amount: {
          kind: 'ratioAboveDeductible',
          deductibleFen: -1,
          deductiblePer: 'claim',
          ratioBp: 10_001,
          capFen: null,
        },
      };
      expect(errorFields(json).sort()).toEqual([
        'annualCapFen',
        'benefits.2.amount.deductibleFen',
        'benefits.2.amount.ratioBp',
      ]);
    });

    it('rejects an unknown amount kind, listing the known ones', () => {
      const json = validJson();
      json.benefits[0] = { ...json.benefits[0], amount: { kind: 'lottery', fen: 100 } };
      const errors = errorsOf(json);
      expect(errors.map((e) => e.field)).toEqual(['benefits.0.amount.kind']);
      expect(errors[0]?.message).toContain('ratioAboveDeductible');
    });

    it('rejects a money benefit without evidence kinds', () => {
      const json = validJson();
      json.benefits[1] = { ...json.benefits[1], evidenceKinds: [] };
      expect(errorsOf(json)).toEqual([
        {
          field: 'benefits.1.evidenceKinds',
          message: 'must list at least one evidence kind for a benefit that pays money',
        },
      ]);
    });

    it('accepts a service benefit without evidence kinds, but not with money caps', () => {
      const json = validJson();
      json.benefits.push({
        id: 'hotline',
        zh: '热线',
        en: 'Hotline',
        amount: { kind: 'service' },
        evidenceKinds: [],
      });
      expect(errorFields(json)).toEqual([]);
      json.benefits[4] = { ...json.benefits[4], annualCapFen: 100_00 };
      expect(errorFields(json)).toEqual(['benefits.4.annualCapFen']);
    });

    it.each([
      [{ from: '13-01', to: '02-28' }, 'benefits.1.window.from'],
      [{ from: '12-15', to: '02-30' }, 'benefits.1.window.to'],
      [{ from: '12-15', to: '2-28' }, 'benefits.1.window.to'],
      [{ from: '00-10', to: '01-10' }, 'benefits.1.window.from'],
      [{ from: '12-15' }, 'benefits.1.window.to'],
    ])('rejects the window %j', (window, field) => {
      const json = validJson();
      json.benefits[1] = { ...json.benefits[1], window };
      expect(errorFields(json)).toEqual([field]);
    });

    it('accepts a window across the year end and one ending on 29 February', () => {
      const json = validJson();
      json.benefits[1] = { ...json.benefits[1], window: { from: '12-15', to: '02-29' } };
      expect(errorFields(json)).toEqual([]);
    });

    it('rejects inconsistent versions, naming each field', () => {
      const json = validJson();
      json.programId = 'Accident Protection';
      json.effectiveFrom = '2015-02-30';
      json.waitingPeriodDays = -1;
      json.claimDeadlineDays = 0;
      json.requires = 'vip';
      json.benefits[3] = { ...json.benefits[3], requires: 'male' };
      expect(errorFields(json).sort()).toEqual([
        'benefits.3.requires',
        'claimDeadlineDays',
        'effectiveFrom',
        'programId',
        'requires',
        'waitingPeriodDays',
      ]);
    });

    it('rejects a benefit id used twice', () => {
      const json = validJson();
      json.benefits[3] = { ...json.benefits[3], id: 'fire' };
      expect(errorsOf(json)).toEqual([{ field: 'benefits.3.id', message: 'repeats benefit fire' }]);
    });

    it('requires retired and refuses unknown fields', () => {
      const { retired: _retired, ...json } = validJson();
      expect(errorFields(json)).toEqual(['retired']);
      expect(errorFields({ ...validJson(), budgetFen: 1 })).toEqual(['(body)']);
    });

    it('rejects competition bands out of order', () => {
      const json = validJson();
      json.benefits[0] = {
        ...json.benefits[0],
        amount: {
          kind: 'byRank',
          bands: [
            { maxRank: 10, fen: 1000_00 },
            { maxRank: 3, fen: 2000_00 },
          ],
        },
      };
      expect(errorFields(json)).toEqual(['benefits.0.amount.bands.1.maxRank']);
    });

    it('rejects a program cap on a program that pays no money, and an active version without benefits', () => {
      const services = JSON.parse(JSON.stringify(version('culture-sports')));
      expect(errorFields({ ...services, annualCapFen: 100_00 })).toEqual(['annualCapFen']);
      expect(errorFields({ ...validJson(), benefits: [] })).toEqual(['benefits']);
    });

    it('accepts a retiring version without benefits', () => {
      expect(
        errorFields({
          ...validJson(),
          version: '2027.0',
          effectiveFrom: '2027-01-01',
          retired: true,
          benefits: [],
        }),
      ).toEqual([]);
    });

    it('rejects a benefit cap below its fixed amount', () => {
      const json = validJson();
      json.benefits[1] = { ...json.benefits[1], annualCapFen: 100_00 };
      expect(errorFields(json)).toEqual(['benefits.1.annualCapFen']);
    });
  });

  describe('factsSchemaFor', () => {
    const cases: readonly [AmountRule, unknown, boolean][] = [
      [{ kind: 'fixed', fen: 100 }, {}, true],
      [{ kind: 'fixed', fen: 100 }, { extra: 1 }, false],
      [{ kind: 'service' }, {}, true],
      [
        { kind: 'byRank', bands: [{ maxRank: 10, fen: 100 }] },
        { competitionName: '市职工技能大赛', rank: 4 },
        true,
      ],
      [
        { kind: 'byRank', bands: [{ maxRank: 10, fen: 100 }] },
        { competitionName: '市职工技能大赛', rank: 0 },
        false,
      ],
      [{ kind: 'byRank', bands: [{ maxRank: 10, fen: 100 }] }, { rank: 2 }, false],
      [{ kind: 'byDisabilityLevel', baseFen: 100, levels: 10 }, { disabilityLevel: 10 }, true],
      [{ kind: 'byDisabilityLevel', baseFen: 100, levels: 10 }, { disabilityLevel: 11 }, false],
      [{ kind: 'byDisabilityLevel', baseFen: 100, levels: 10 }, { disabilityLevel: 2.5 }, false],
      [{ kind: 'lossUpToCap', capFen: 100 }, { lossFen: 1 }, true],
      [{ kind: 'lossUpToCap', capFen: 100 }, { lossFen: 12.5 }, false],
      [{ kind: 'lossUpToCap', capFen: 100 }, { lossFen: 0 }, false],
      [
        {
          kind: 'ratioAboveDeductible',
          deductibleFen: 0,
          deductiblePer: 'claim',
          ratioBp: 5000,
          capFen: null,
        },
        { costsFen: 180_000 },
        true,
      ],
      [
        {
          kind: 'ratioAboveDeductible',
          deductibleFen: 0,
          deductiblePer: 'claim',
          ratioBp: 5000,
          capFen: null,
        },
        { costsFen: 1800.5 },
        false,
      ],
      [{ kind: 'dailyAllowance', perDayFen: 50_00, maxDaysPerYear: 180 }, { days: 366 }, true],
      [{ kind: 'dailyAllowance', perDayFen: 50_00, maxDaysPerYear: 180 }, { days: 367 }, false],
      [{ kind: 'dailyAllowance', perDayFen: 50_00, maxDaysPerYear: 180 }, { days: 0 }, false],
    ];

    it.each(cases)('%j with facts %j: valid %s', (amount, facts, valid) => {
      expect(factsSchemaFor(amount).safeParse(facts).success).toBe(valid);
    });
  });

  describe('versionInForce', () => {
    const next: ProgramVersion = {
      ...version('skill-boost'),
      version: '2026.1',
      effectiveFrom: '2026-07-01',
    };
    const catalog = [next, ...DEFAULT_CATALOG];

    it('picks the latest version on or before the date, in any order', () => {
      expect(versionInForce(catalog, 'skill-boost', '2015-01-08')).toBeNull();
      expect(versionInForce(catalog, 'skill-boost', '2015-01-09')?.version).toBe('2015.1');
      expect(versionInForce(catalog, 'skill-boost', '2026-06-30')?.version).toBe('2015.1');
      expect(versionInForce(catalog, 'skill-boost', '2026-07-01')?.version).toBe('2026.1');
      expect(versionInForce(catalog, 'no-such-program', '2026-07-01')).toBeNull();
    });
  });

  describe('programState', () => {
    const retire: ProgramVersion = {
      ...version('skill-boost'),
      version: '2027.0',
      effectiveFrom: '2027-01-01',
      retired: true,
      benefits: [],
    };
    const revive: ProgramVersion = {
      ...version('skill-boost'),
      version: '2029.1',
      effectiveFrom: '2029-01-01',
    };
    const catalog = [...DEFAULT_CATALOG, retire, revive];

    it.each([
      ['lottery', '2026-01-01', 'unknown'],
      ['skill-boost', '2014-12-31', 'not-yet'],
      ['skill-boost', '2015-01-09', 'active'],
      ['skill-boost', '2026-12-31', 'active'],
      ['skill-boost', '2027-01-01', 'retired'],
      ['skill-boost', '2028-12-31', 'retired'],
      ['skill-boost', '2029-01-01', 'active'],
    ])('%s on %s is %s', (programId, onDate, state) => {
      expect(programState(catalog, programId, onDate)).toBe(state);
    });
  });
});
