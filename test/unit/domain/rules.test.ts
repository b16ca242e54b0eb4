import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../functions/domain/programs/catalog.ts';
import { versionInForce } from '../../../functions/domain/programs/versions.ts';
import {
  amountFor,
  applyRatio,
  evaluateRules,
  evidenceKey,
  inWindow,
  NO_USAGE,
  payingEvidence,
  type RulesInput,
  type UsageSnapshot,
} from '../../../functions/domain/rules.ts';
import { isMoneyBenefit } from '../../../functions/schemas/program-amounts.ts';
import type { BenefitDef, ProgramVersion } from '../../../functions/schemas/programs.ts';

/** A member of long standing who is a hardship member and a model worker, so eligibility never bites. */
const anyone: RulesInput['member'] = {
  joinedOn: '2010-01-01',
  hardship: false,
  modelWorker: false,
  sex: 'male',
};
const everyone: RulesInput['member'] = { ...anyone, hardship: true, modelWorker: true, sex: 'female' };

function versionOf(programId: string, onDate = '2025-06-01'): ProgramVersion {
  const version = versionInForce(DEFAULT_CATALOG, programId, onDate);
  if (version === null) throw new Error(`no version of ${programId}`);
  return version;
}

function benefitOf(programId: string, benefitId: string): BenefitDef {
  const benefit = versionOf(programId).benefits.find((b) => b.id === benefitId);
  if (benefit === undefined) throw new Error(`no benefit ${programId}/${benefitId}`);
  return benefit;
}

interface Case {
  readonly program: string;
  readonly benefit: string;
  readonly facts?: Record<string, unknown>;
  readonly incidentDate?: string;
  readonly submittedOn?: string;
  readonly member?: Partial<RulesInput['member']>;
  readonly usage?: Partial<UsageSnapshot>;
  readonly evidence?: RulesInput['claim']['evidence'];
  readonly evidenceInUse?: RulesInput['evidenceInUse'];
  readonly catalog?: readonly ProgramVersion[];
}

/** A claim of a benefit with its first evidence kind, judged by the version in force on the incident date. */
function inputOf(c: Case): RulesInput {
  const incidentDate = c.incidentDate ?? '2025-06-01';
  const benefit = versionInForce(c.catalog ?? DEFAULT_CATALOG, c.program, incidentDate)?.benefits.find(
    (b) => b.id === c.benefit,
  );
  return {
    version: versionInForce(c.catalog ?? DEFAULT_CATALOG, c.program, incidentDate),
    claim: {
      program: c.program,
      benefit: c.benefit,
      incidentDate,
      submittedOn: c.submittedOn ?? '2025-06-20',
      facts: c.facts ?? {},
      evidence: c.evidence ?? [{ kind: benefit?.evidenceKinds[0] ?? 'certificate', number: 'DOC-2025-0001' }],
    },
    member: { ...anyone, ...c.member },
    usage: { ...NO_USAGE, ...c.usage },
    evidenceInUse: c.evidenceInUse ?? [],
  };
}

function evaluate(c: Case) {
  return evaluateRules(inputOf(c));
}

function failedCodes(c: Case): string[] {
  return evaluate(c)
    .results.filter((r) => !r.passed)
    .map((r) => r.code);
}

function resultOf(c: Case, code: string) {
  const found = evaluate(c).results.find((r) => r.code === code);
  if (found === undefined) throw new Error(`no result ${code}`);
  return found;
}

/** Table rows as `[name, expected fen, case]`, so that test titles can print the amount. */
function expectedSecond(rows: readonly [string, Case, number][]): [string, number, Case][] {
  return rows.map(([name, c, fen]) => [name, fen, c]);
}

const hardship = { hardship: true } as const;
const modelWorker = { modelWorker: true } as const;
const female = { sex: 'female' } as const;

describe('rules', () => {
  describe('evaluateRules', () => {
    describe('pays every figure of PROGRAMS.md and every default', () => {
      it.each(
        expectedSecond([
          // skill-boost
          ['technician certificate', { program: 'skill-boost', benefit: 'technician' }, 1000_00],
          [
            'senior technician certificate',
            { program: 'skill-boost', benefit: 'senior-technician' },
            2000_00,
          ],
          ...[1, 2, 3].map((rank): [string, Case, number] => [
            `competition rank ${rank}`,
            {
              program: 'skill-boost',
              benefit: 'competition',
              facts: { competitionName: '市职工技能大赛', rank },
            },
            2000_00,
          ]),
          ...[4, 7, 10].map((rank): [string, Case, number] => [
            `competition rank ${rank}`,
            {
              program: 'skill-boost',
              benefit: 'competition',
              facts: { competitionName: '市职工技能大赛', rank },
            },
            1000_00,
          ]),
          // legal-aid: 80% of litigation costs, 5000 a year
          [
            'litigation costs 1000 at 80%',
            { program: 'legal-aid', benefit: 'litigation-subsidy', facts: { costsFen: 1000_00 } },
            800_00,
          ],
          [
            'litigation costs 6250 at 80% = exactly the annual cap',
            { program: 'legal-aid', benefit: 'litigation-subsidy', facts: { costsFen: 6250_00 } },
            5000_00,
          ],
          [
            'litigation costs 10000 at 80% capped at 5000 a year',
            { program: 'legal-aid', benefit: 'litigation-subsidy', facts: { costsFen: 10000_00 } },
            5000_00,
          ],
          [
            'litigation costs 33.33 at 80% rounds down to the fen',
            { program: 'legal-aid', benefit: 'litigation-subsidy', facts: { costsFen: 33_33 } },
            26_66,
          ],
          // medical-mutual-aid
          [
            'outpatient 1801 above the 1800 deductible at 50%',
            { program: 'medical-mutual-aid', benefit: 'outpatient', facts: { costsFen: 1801_00 } },
            50,
          ],
          [
            'outpatient 3800: 2000 above the deductible at 50%',
            { program: 'medical-mutual-aid', benefit: 'outpatient', facts: { costsFen: 3800_00 } },
            1000_00,
          ],
          [
            'outpatient with the yearly deductible already met by earlier costs',
            {
              program: 'medical-mutual-aid',
              benefit: 'outpatient',
              facts: { costsFen: 100_00 },
              usage: { benefitCostsFen: 2500_00, benefitFen: 350_00, programFen: 350_00, benefitClaims: 1 },
            },
            50_00,
          ],
          [
            'outpatient with the yearly deductible partly met (800 left)',
            {
              program: 'medical-mutual-aid',
              benefit: 'outpatient',
              facts: { costsFen: 1000_00 },
              usage: { benefitCostsFen: 1000_00 },
            },
            100_00,
          ],
          [
            'inpatient 3300: 2000 above the 1300 deductible at 50%',
            { program: 'medical-mutual-aid', benefit: 'inpatient', facts: { costsFen: 3300_00 } },
            1000_00,
          ],
          [
            'inpatient second admission: the deductible applies again',
            {
              program: 'medical-mutual-aid',
              benefit: 'inpatient',
              facts: { costsFen: 3300_00 },
              usage: { benefitCostsFen: 3300_00, benefitFen: 1000_00, programFen: 1000_00, benefitClaims: 1 },
            },
            1000_00,
          ],
          [
            'hospital daily allowance 10 days × 50',
            { program: 'medical-mutual-aid', benefit: 'hospital-daily-allowance', facts: { days: 10 } },
            500_00,
          ],
          [
            'hospital daily allowance 180 days × 50 (the yearly maximum)',
            { program: 'medical-mutual-aid', benefit: 'hospital-daily-allowance', facts: { days: 180 } },
            9000_00,
          ],
          [
            'hospital daily allowance 200 days pays 180',
            { program: 'medical-mutual-aid', benefit: 'hospital-daily-allowance', facts: { days: 200 } },
            9000_00,
          ],
          [
            'hospital daily allowance: 10 days with 175 used pays 5',
            {
              program: 'medical-mutual-aid',
              benefit: 'hospital-daily-allowance',
              facts: { days: 10 },
              usage: { benefitDays: 175, benefitFen: 8750_00, programFen: 8750_00 },
            },
            250_00,
          ],
          ['critical illness', { program: 'medical-mutual-aid', benefit: 'critical-illness' }, 10000_00],
          [
            'female special disease',
            { program: 'medical-mutual-aid', benefit: 'female-special-disease', member: female },
            5000_00,
          ],
          [
            'accidental injury 4000 at 50%',
            { program: 'medical-mutual-aid', benefit: 'accidental-injury', facts: { costsFen: 4000_00 } },
            2000_00,
          ],
          [
            'accidental injury 20000 at 50% capped at 5000 a claim',
            { program: 'medical-mutual-aid', benefit: 'accidental-injury', facts: { costsFen: 20000_00 } },
            5000_00,
          ],
          [
            "child's accident 4000 at 50%",
            { program: 'medical-mutual-aid', benefit: 'child-accident', facts: { costsFen: 4000_00 } },
            2000_00,
          ],
          [
            "child's accident 10000 at 50% capped at 3000 a claim",
            { program: 'medical-mutual-aid', benefit: 'child-accident', facts: { costsFen: 10000_00 } },
            3000_00,
          ],
          // accident-protection
          ['death', { program: 'accident-protection', benefit: 'death' }, 20000_00],
          [
            'fire loss 3456.78',
            { program: 'accident-protection', benefit: 'fire', facts: { lossFen: 3456_78 } },
            3456_78,
          ],
          [
            'fire loss 10000',
            { program: 'accident-protection', benefit: 'fire', facts: { lossFen: 10000_00 } },
            10000_00,
          ],
          [
            'fire loss 10000.01 capped at 10000',
            { program: 'accident-protection', benefit: 'fire', facts: { lossFen: 10000_01 } },
            10000_00,
          ],
          [
            'flood loss 25000 capped at 10000',
            { program: 'accident-protection', benefit: 'flood', facts: { lossFen: 25000_00 } },
            10000_00,
          ],
          // hardship-aid
          ['living aid', { program: 'hardship-aid', benefit: 'living-aid', member: hardship }, 2000_00],
          [
            'medical aid 3000',
            {
              program: 'hardship-aid',
              benefit: 'medical-aid',
              member: hardship,
              facts: { lossFen: 3000_00 },
            },
            3000_00,
          ],
          [
            'medical aid 6000 capped at 5000',
            {
              program: 'hardship-aid',
              benefit: 'medical-aid',
              member: hardship,
              facts: { lossFen: 6000_00 },
            },
            5000_00,
          ],
          [
            'emergency aid 8000 capped at 5000',
            {
              program: 'hardship-aid',
              benefit: 'emergency-aid',
              member: hardship,
              facts: { lossFen: 8000_00 },
            },
            5000_00,
          ],
          [
            'Spring Festival warmth for a hardship member',
            {
              program: 'hardship-aid',
              benefit: 'spring-festival',
              member: hardship,
              incidentDate: '2025-12-20',
              submittedOn: '2026-01-10',
            },
            1000_00,
          ],
          [
            'Spring Festival warmth for a model worker',
            {
              program: 'hardship-aid',
              benefit: 'spring-festival',
              member: modelWorker,
              incidentDate: '2025-12-20',
              submittedOn: '2025-12-20',
            },
            1000_00,
          ],
          [
            'March 8 single-parent aid',
            {
              program: 'hardship-aid',
              benefit: 'single-parent',
              member: { ...hardship, ...female },
              incidentDate: '2026-03-08',
              submittedOn: '2026-03-08',
            },
            1000_00,
          ],
          [
            'May 1 model-worker care',
            {
              program: 'hardship-aid',
              benefit: 'model-worker-care',
              member: modelWorker,
              incidentDate: '2026-05-01',
              submittedOn: '2026-05-01',
            },
            1000_00,
          ],
          [
            'September education aid 3500 tuition',
            {
              program: 'hardship-aid',
              benefit: 'education-aid',
              member: hardship,
              facts: { lossFen: 3500_00 },
              incidentDate: '2026-09-01',
              submittedOn: '2026-09-01',
            },
            3500_00,
          ],
          [
            'September education aid 8000 tuition capped at 5000',
            {
              program: 'hardship-aid',
              benefit: 'education-aid',
              member: hardship,
              facts: { lossFen: 8000_00 },
              incidentDate: '2026-08-20',
              submittedOn: '2026-08-25',
            },
            5000_00,
          ],
        ]),
      )('%s pays %i fen', (_name, expected, c) => {
        // Act
        const outcome = evaluate(c);
        // Assess
        expect(outcome.results.filter((r) => !r.passed)).toEqual([]);
        expect(outcome.passed).toBe(true);
        expect(outcome.amountFen).toBe(expected);
        expect(outcome.consumes.fen).toBe(expected);
        expect(outcome.programVersion).toBe('2015.1');
      });

      it('pays every disability level 1–10 as 5000 × (11 − k) / 10 yuan', () => {
        for (let level = 1; level <= 10; level++) {
          const outcome = evaluate({
            program: 'accident-protection',
            benefit: 'disability',
            facts: { disabilityLevel: level },
          });
          expect(outcome.passed).toBe(true);
          expect(outcome.amountFen).toBe(((5000 * (11 - level)) / 10) * 100);
        }
      });
    });

    describe('deductibles and ratios', () => {
      it('pays nothing for outpatient costs of exactly the 1800 deductible, and says why', () => {
        // Act
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'outpatient',
          facts: { costsFen: 1800_00 },
        };
        const outcome = evaluate(c);
        // Assess
        expect(outcome.passed).toBe(false);
        expect(outcome.amountFen).toBe(0);
        expect(failedCodes(c)).toEqual(['deductible']);
        expect(resultOf(c, 'deductible').zh).toContain('起付线');
        expect(resultOf(c, 'deductible').en).toContain('deductible');
      });

      it('still counts outpatient costs below the deductible toward meeting it', () => {
        const outcome = evaluate({
          program: 'medical-mutual-aid',
          benefit: 'outpatient',
          facts: { costsFen: 600_00 },
          usage: { benefitCostsFen: 600_00 },
        });
        expect(outcome.passed).toBe(false);
        expect(outcome.consumes).toEqual({ year: 2025, fen: 0, days: 0, costsFen: 600_00 });
      });

      it('does not count the costs of a claim that failed for another reason', () => {
        const outcome = evaluate({
          program: 'medical-mutual-aid',
          benefit: 'outpatient',
          facts: { costsFen: 600_00 },
          evidence: [{ kind: 'medical-record', number: 'MR-1' }],
        });
        expect(outcome.consumes.costsFen).toBe(0);
      });

      it('records the documented costs of a paid outpatient claim for the next deductible', () => {
        const outcome = evaluate({
          program: 'medical-mutual-aid',
          benefit: 'outpatient',
          facts: { costsFen: 2000_00 },
        });
        expect(outcome.consumes).toEqual({ year: 2025, fen: 100_00, days: 0, costsFen: 2000_00 });
      });

      it('leaves costs out of a per-claim deductible (inpatient admissions)', () => {
        const outcome = evaluate({
          program: 'medical-mutual-aid',
          benefit: 'inpatient',
          facts: { costsFen: 2000_00 },
        });
        expect(outcome.consumes).toEqual({ year: 2025, fen: 350_00, days: 0, costsFen: 0 });
      });

      it('fails inpatient costs of exactly the 1300 deductible, per admission', () => {
        expect(
          failedCodes({
            program: 'medical-mutual-aid',
            benefit: 'inpatient',
            facts: { costsFen: 1300_00 },
            usage: { benefitCostsFen: 50000_00 },
          }),
        ).toEqual(['deductible']);
      });

      it('fails when the ratio leaves less than one fen', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'outpatient',
          facts: { costsFen: 1800_01 },
        };
        expect(failedCodes(c)).toEqual(['reimbursement-ratio']);
        expect(evaluate(c).amountFen).toBe(0);
      });

      it('explains the arithmetic in Chinese and English', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'outpatient',
          facts: { costsFen: 3800_00 },
        };
        const ratio = resultOf(c, 'reimbursement-ratio');
        expect(ratio.zh).toBe('2000.00 元 × 50% = 1000.00 元（向下取整到分）');
        expect(ratio.en).toBe('CNY 2000.00 × 50% = CNY 1000.00 (rounded down to the fen)');
        expect(resultOf(c, 'deductible').en).toContain('CNY 1800.00 left');
      });

      it('names the per-claim cap when it applies', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'child-accident',
          facts: { costsFen: 10000_00 },
        };
        expect(resultOf(c, 'reimbursement-ratio').en).toContain('capped at CNY 3000.00 per claim');
      });

      it('rejects missing or fractional costs', () => {
        for (const facts of [{}, { costsFen: 12.5 }, { costsFen: -1 }, { costsFen: '100' }]) {
          expect(failedCodes({ program: 'medical-mutual-aid', benefit: 'outpatient', facts })).toEqual([
            'documented-costs',
          ]);
        }
      });
    });

    describe('daily allowance', () => {
      it('refuses the 181st day of the year', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'hospital-daily-allowance',
          facts: { days: 1 },
          usage: { benefitDays: 180, benefitFen: 9000_00, programFen: 9000_00 },
        };
        expect(failedCodes(c)).toEqual(['daily-allowance']);
        expect(resultOf(c, 'daily-allowance').en).toContain('180 days');
        expect(evaluate(c).consumes.days).toBe(0);
      });

      it('pays the 180th day and consumes only the days it pays', () => {
        const outcome = evaluate({
          program: 'medical-mutual-aid',
          benefit: 'hospital-daily-allowance',
          facts: { days: 30 },
          usage: { benefitDays: 179 },
        });
        expect(outcome.amountFen).toBe(50_00);
        expect(outcome.consumes).toEqual({ year: 2025, fen: 50_00, days: 1, costsFen: 0 });
      });

      it('rejects zero, fractional or missing days', () => {
        for (const facts of [{}, { days: 0 }, { days: 2.5 }, { days: 367 }]) {
          expect(
            failedCodes({ program: 'medical-mutual-aid', benefit: 'hospital-daily-allowance', facts }),
          ).toEqual(['daily-allowance']);
        }
      });
    });

    describe('annual caps across claims', () => {
      it('caps medical mutual aid at 20000 a year: the last claim is reduced to what remains', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'critical-illness',
          usage: { programFen: 19000_00 },
        };
        const outcome = evaluate(c);
        expect(outcome.passed).toBe(true);
        expect(outcome.amountFen).toBe(1000_00);
        expect(resultOf(c, 'program-annual-cap').passed).toBe(true);
        expect(resultOf(c, 'program-annual-cap').en).toContain('capped at CNY 1000.00');
        expect(resultOf(c, 'program-annual-cap').zh).toContain('调减为 1000.00 元');
      });

      it('fails once the 20000 program cap is reached', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'inpatient',
          facts: { costsFen: 5300_00 },
          usage: { programFen: 20000_00 },
        };
        expect(failedCodes(c)).toEqual(['program-annual-cap']);
        expect(evaluate(c).amountFen).toBe(0);
      });

      it('says a claim within the cap is within it', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'critical-illness',
          usage: { programFen: 5000_00 },
        };
        expect(resultOf(c, 'program-annual-cap')).toMatchObject({ passed: true });
        expect(resultOf(c, 'program-annual-cap').en).toContain('within it');
      });

      it('caps the litigation subsidy at 5000 a year across claims', () => {
        const c: Case = {
          program: 'legal-aid',
          benefit: 'litigation-subsidy',
          facts: { costsFen: 2000_00 },
          usage: { benefitFen: 4000_00, programFen: 4000_00, benefitClaims: 2 },
        };
        const outcome = evaluate(c);
        expect(outcome.passed).toBe(true);
        expect(outcome.amountFen).toBe(1000_00);
        expect(resultOf(c, 'benefit-annual-cap').en).toContain('capped at CNY 1000.00');
      });

      it('fails the litigation subsidy once 5000 were paid in the year', () => {
        expect(
          failedCodes({
            program: 'legal-aid',
            benefit: 'litigation-subsidy',
            facts: { costsFen: 2000_00 },
            usage: { benefitFen: 5000_00, programFen: 5000_00 },
          }),
        ).toEqual(['benefit-annual-cap']);
      });

      it('names no cap for a program without one', () => {
        const codes = evaluate({ program: 'skill-boost', benefit: 'technician' }).results.map((r) => r.code);
        expect(codes).not.toContain('program-annual-cap');
        expect(codes).not.toContain('benefit-annual-cap');
      });
    });

    describe('eligibility', () => {
      it('pays the female special disease benefit to women only', () => {
        const c: Case = { program: 'medical-mutual-aid', benefit: 'female-special-disease' };
        expect(failedCodes(c)).toEqual(['eligibility']);
        expect(resultOf(c, 'eligibility').zh).toContain('女职工');
        expect(failedCodes({ ...c, member: female })).toEqual([]);
      });

      it('keeps hardship aid to hardship members and model workers', () => {
        const c: Case = {
          program: 'hardship-aid',
          benefit: 'spring-festival',
          incidentDate: '2026-01-05',
          submittedOn: '2026-01-05',
        };
        expect(failedCodes(c)).toEqual(['eligibility']);
        expect(resultOf(c, 'eligibility').en).toBe('Only for a hardship member or a model worker');
        expect(failedCodes({ ...c, member: hardship })).toEqual([]);
        expect(failedCodes({ ...c, member: modelWorker })).toEqual([]);
      });

      it('keeps living aid to hardship members, even for a model worker', () => {
        const c: Case = { program: 'hardship-aid', benefit: 'living-aid', member: modelWorker };
        expect(failedCodes(c)).toEqual(['eligibility']);
        expect(resultOf(c, 'eligibility').en).toBe('Only for a registered hardship member');
      });

      it('keeps May 1 care to model workers', () => {
        const c: Case = {
          program: 'hardship-aid',
          benefit: 'model-worker-care',
          member: hardship,
          incidentDate: '2026-05-01',
          submittedOn: '2026-05-01',
        };
        expect(failedCodes(c)).toEqual(['eligibility']);
      });

      it('names every requirement unmet', () => {
        const c: Case = { program: 'hardship-aid', benefit: 'medical-aid', facts: { lossFen: 100_00 } };
        expect(resultOf(c, 'eligibility').en).toBe(
          'Only for a hardship member or a model worker and a registered hardship member',
        );
      });

      it('is open to all members where nothing is required', () => {
        expect(resultOf({ program: 'skill-boost', benefit: 'technician' }, 'eligibility')).toMatchObject({
          passed: true,
          en: 'Open to all members',
        });
      });
    });

    describe('waiting period', () => {
      it('refuses medical mutual aid for an incident on day 89 after joining, and pays on day 90', () => {
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'critical-illness',
          member: { joinedOn: '2025-01-01' },
          incidentDate: '2025-03-31',
          submittedOn: '2025-04-10',
        };
        expect(failedCodes(c)).toEqual(['waiting-period']);
        expect(resultOf(c, 'waiting-period').en).toContain('89 days after joining');
        expect(failedCodes({ ...c, incidentDate: '2025-04-01' })).toEqual([]);
      });

      it('has no waiting period for other programs, from the day of joining', () => {
        const c: Case = {
          program: 'accident-protection',
          benefit: 'death',
          member: { joinedOn: '2025-06-01' },
          incidentDate: '2025-06-01',
        };
        expect(failedCodes(c)).toEqual([]);
        expect(failedCodes({ ...c, incidentDate: '2025-05-31' })).toEqual(['waiting-period']);
      });
    });

    describe('campaign windows (on the claim date)', () => {
      const springFestival = (submittedOn: string): Case => ({
        program: 'hardship-aid',
        benefit: 'spring-festival',
        member: hardship,
        incidentDate: '2025-12-01',
        submittedOn,
      });

      it.each([
        ['2025-12-15', true],
        ['2025-12-31', true],
        ['2026-01-01', true],
        ['2026-02-28', true],
        ['2025-12-14', false],
        ['2026-03-01', false],
        ['2026-06-30', false],
      ])('Spring Festival warmth (12-15 → 02-28, across the year end) claimed on %s: %s', (day, inside) => {
        expect(resultOf(springFestival(day), 'campaign-window').passed).toBe(inside);
      });

      it.each<[string, string, string, boolean]>([
        ['single-parent', '2026-03-01', '2026-03-01', true],
        ['single-parent', '2026-03-01', '2026-03-31', true],
        ['single-parent', '2026-02-28', '2026-02-28', false],
        ['single-parent', '2026-03-15', '2026-04-01', false],
        ['model-worker-care', '2026-04-15', '2026-04-15', true],
        ['model-worker-care', '2026-04-15', '2026-05-15', true],
        ['model-worker-care', '2026-04-14', '2026-04-14', false],
        ['model-worker-care', '2026-05-01', '2026-05-16', false],
        ['education-aid', '2026-08-01', '2026-08-01', true],
        ['education-aid', '2026-08-01', '2026-09-30', true],
        ['education-aid', '2026-07-31', '2026-07-31', false],
        ['education-aid', '2026-09-01', '2026-10-01', false],
      ])('%s (incident %s) claimed on %s: %s', (benefit, incidentDate, submittedOn, inside) => {
        const c: Case = {
          program: 'hardship-aid',
          benefit,
          member: { hardship: true, modelWorker: true, sex: 'female' },
          facts: benefit === 'education-aid' ? { lossFen: 1000_00 } : {},
          incidentDate,
          submittedOn,
        };
        expect(failedCodes(c)).toEqual(inside ? [] : ['campaign-window']);
      });

      it('leaves 29 February outside a window that ends on 28 February', () => {
        expect(resultOf(springFestival('2028-02-29'), 'campaign-window').passed).toBe(false);
      });

      it('lists no window for a benefit without one', () => {
        const codes = evaluate({ program: 'skill-boost', benefit: 'technician' }).results.map((r) => r.code);
        expect(codes).not.toContain('campaign-window');
      });
    });

    describe('claims per year', () => {
      it.each<[string, Case]>([
        ['critical illness', { program: 'medical-mutual-aid', benefit: 'critical-illness' }],
        [
          'female special disease',
          { program: 'medical-mutual-aid', benefit: 'female-special-disease', member: female },
        ],
        ['living aid', { program: 'hardship-aid', benefit: 'living-aid', member: hardship }],
        [
          'Spring Festival warmth',
          {
            program: 'hardship-aid',
            benefit: 'spring-festival',
            member: hardship,
            incidentDate: '2026-01-05',
            submittedOn: '2026-01-05',
          },
        ],
      ])('pays %s once a year', (_name, c) => {
        expect(failedCodes(c)).toEqual([]);
        const second = { ...c, usage: { benefitClaims: 1 } };
        expect(failedCodes(second)).toEqual(['max-claims-per-year']);
        expect(resultOf(second, 'max-claims-per-year').en).toContain('the limit is 1 a year');
      });
    });

    describe('evidence', () => {
      const certificate = { kind: 'certificate', number: 'JS-2025-000123' };

      it('rejects a claim without the evidence the benefit needs', () => {
        const c: Case = {
          program: 'skill-boost',
          benefit: 'technician',
          evidence: [{ kind: 'invoice', number: 'I-1' }],
        };
        expect(failedCodes(c)).toEqual(['evidence-provided']);
        expect(resultOf(c, 'evidence-provided').zh).toContain('缺少证明材料');
      });

      it('rejects a certificate another claim already used, naming that claim', () => {
        const c: Case = {
          program: 'skill-boost',
          benefit: 'technician',
          evidence: [certificate],
          evidenceInUse: [{ kind: 'certificate', number: ' js-2025-000123 ', claimId: 'C-20250101-0001' }],
        };
        expect(failedCodes(c)).toEqual(['evidence-unused']);
        expect(resultOf(c, 'evidence-unused').en).toBe(
          'Evidence certificate JS-2025-000123 was already used by claim C-20250101-0001',
        );
        expect(resultOf(c, 'evidence-unused').zh).toContain('C-20250101-0001');
        expect(evaluate(c).amountFen).toBe(0);
      });

      it('rejects an invoice used twice across benefits', () => {
        const invoice = { kind: 'invoice', number: 'INV-11010000-42' };
        const c: Case = {
          program: 'medical-mutual-aid',
          benefit: 'accidental-injury',
          facts: { costsFen: 1000_00 },
          evidence: [invoice],
          evidenceInUse: [{ ...invoice, claimId: 'C-OUTPATIENT' }],
        };
        expect(failedCodes(c)).toEqual(['evidence-unused']);
      });

      it('tells documents of other kinds, and supporting documents, from used ones', () => {
        expect(
          failedCodes({
            program: 'skill-boost',
            benefit: 'technician',
            evidence: [certificate, { kind: 'medical-record', number: 'MR-7' }],
            evidenceInUse: [
              { kind: 'invoice', number: certificate.number, claimId: 'C-1' },
              { kind: 'medical-record', number: 'MR-7', claimId: 'C-2' },
            ],
          }),
        ).toEqual([]);
      });

      it('tells the documents that carry the payment from supporting ones', () => {
        const evidence = [
          { kind: 'invoice', number: 'INV-1' },
          { kind: 'medical-record', number: 'MR-1' },
        ];
        expect(payingEvidence(benefitOf('medical-mutual-aid', 'inpatient'), evidence)).toEqual([evidence[0]]);
      });

      it('keys evidence by kind and number, ignoring case and surrounding spaces', () => {
        expect(evidenceKey({ kind: 'invoice', number: ' ab-1 ' })).toBe(
          evidenceKey({ kind: 'invoice', number: 'AB-1' }),
        );
        expect(evidenceKey({ kind: 'invoice', number: 'AB-1' })).not.toBe(
          evidenceKey({ kind: 'certificate', number: 'AB-1' }),
        );
      });
    });

    describe('dates', () => {
      it('accepts a claim on day 365 after the incident and rejects day 366', () => {
        const c: Case = { program: 'skill-boost', benefit: 'technician', submittedOn: '2026-04-01' };
        expect(failedCodes({ ...c, incidentDate: '2025-04-01' })).toEqual([]);
        expect(failedCodes({ ...c, incidentDate: '2025-03-31' })).toEqual(['claim-deadline']);
      });

      it('rejects an incident after the claim date', () => {
        expect(
          failedCodes({
            program: 'skill-boost',
            benefit: 'technician',
            incidentDate: '2025-06-02',
            submittedOn: '2025-06-01',
          }),
        ).toEqual(['incident-not-future']);
      });

      it('counts usage in the calendar year of the incident', () => {
        const outcome = evaluate({
          program: 'skill-boost',
          benefit: 'technician',
          incidentDate: '2025-12-31',
          submittedOn: '2026-01-02',
        });
        expect(outcome.consumes.year).toBe(2025);
      });
    });

    describe('programs and versions', () => {
      it('rejects an incident before the program existed', () => {
        const outcome = evaluate({
          program: 'skill-boost',
          benefit: 'technician',
          incidentDate: '2014-12-31',
          submittedOn: '2015-02-01',
        });
        expect(outcome.passed).toBe(false);
        expect(outcome.programVersion).toBe('none');
        expect(outcome.results.map((r) => r.code)).toEqual(['program-in-force']);
        expect(outcome.consumes).toEqual({ year: 2014, fen: 0, days: 0, costsFen: 0 });
      });

      it('rejects a benefit the program does not offer', () => {
        expect(failedCodes({ program: 'skill-boost', benefit: 'astronaut' })).toEqual(['benefit-offered']);
      });

      it('rejects a version of another program', () => {
        const input = inputOf({ program: 'skill-boost', benefit: 'technician' });
        const outcome = evaluateRules({ ...input, version: versionOf('legal-aid') });
        expect(outcome.results.map((r) => [r.code, r.passed])).toEqual([['program-in-force', false]]);
      });

      const upgraded: ProgramVersion = {
        ...versionOf('skill-boost'),
        version: '2026.1',
        effectiveFrom: '2026-07-01',
        benefits: versionOf('skill-boost').benefits.map((b) =>
          b.id === 'technician' ? { ...b, amount: { kind: 'fixed', fen: 1500_00 } } : b,
        ),
      };
      const retirement: ProgramVersion = {
        ...versionOf('skill-boost'),
        version: '2027.0-retired',
        effectiveFrom: '2027-01-01',
        retired: true,
        benefits: [],
      };
      const catalog = [...DEFAULT_CATALOG, upgraded, retirement];

      it('judges a claim by the version in force on its incident date', () => {
        const before = evaluate({
          program: 'skill-boost',
          benefit: 'technician',
          catalog,
          incidentDate: '2026-06-30',
          submittedOn: '2026-07-02',
        });
        const after = evaluate({
          program: 'skill-boost',
          benefit: 'technician',
          catalog,
          incidentDate: '2026-07-01',
          submittedOn: '2026-07-02',
        });
        expect([before.programVersion, before.amountFen]).toEqual(['2015.1', 1000_00]);
        expect([after.programVersion, after.amountFen]).toEqual(['2026.1', 1500_00]);
      });

      it('rejects an incident on or after the day a program was retired', () => {
        const c: Case = {
          program: 'skill-boost',
          benefit: 'technician',
          catalog,
          incidentDate: '2027-01-01',
          submittedOn: '2027-01-05',
        };
        const outcome = evaluate(c);
        expect(outcome.passed).toBe(false);
        expect(outcome.programVersion).toBe('2027.0-retired');
        expect(outcome.results.map((r) => r.code)).toEqual(['program-in-force']);
        expect(resultOf(c, 'program-in-force').en).toContain('retired on 2027-01-01');
        expect(evaluate({ ...c, incidentDate: '2026-12-31', submittedOn: '2027-01-05' }).passed).toBe(true);
      });

      it('sends every service benefit to the service-visit record instead of paying it', () => {
        const services = DEFAULT_CATALOG.flatMap((v) =>
          v.benefits.filter((b) => !isMoneyBenefit(b)).map((b) => [v.programId, b.id] as const),
        );
        expect(services.length).toBe(18);
        for (const [program, benefit] of services) {
          const c: Case = { program, benefit, member: everyone };
          expect(failedCodes(c)).toEqual(['benefit-offered']);
          expect(resultOf(c, 'benefit-offered').en).toContain('record it as a real-name service visit');
          expect(resultOf(c, 'benefit-offered').zh).toContain('实名服务记录');
          expect(evaluate(c).amountFen).toBe(0);
        }
      });

      it('lists every rule with a code and a Chinese and an English text', () => {
        for (const version of DEFAULT_CATALOG) {
          for (const benefit of version.benefits) {
            for (const r of evaluate({ program: version.programId, benefit: benefit.id, member: everyone })
              .results) {
              expect(r.code).toMatch(/^[a-z][a-z-]+$/);
              expect(r.zh.length).toBeGreaterThan(0);
              expect(r.en.length).toBeGreaterThan(0);
            }
          }
        }
      });

      it('lists the rules of a passing claim in order', () => {
        const codes = evaluate({
          program: 'hardship-aid',
          benefit: 'spring-festival',
          member: hardship,
          incidentDate: '2026-01-05',
          submittedOn: '2026-01-05',
        }).results.map((r) => r.code);
        expect(codes).toEqual([
          'program-in-force',
          'benefit-offered',
          'incident-not-future',
          'claim-deadline',
          'waiting-period',
          'eligibility',
          'campaign-window',
          'max-claims-per-year',
          'evidence-provided',
          'evidence-unused',
          'amount-fixed',
        ]);
      });
    });
  });

  describe('amountFor', () => {
    it('rejects a competition rank outside the top 10', () => {
      const computed = amountFor(benefitOf('skill-boost', 'competition').amount, { rank: 11 });
      expect(computed.fen).toBe(0);
      expect(computed.results.map((r) => [r.code, r.passed])).toEqual([['competition-rank', false]]);
    });

    it('rejects a disability level outside 1–10', () => {
      for (const disabilityLevel of [0, 11, 2.5, '3']) {
        const computed = amountFor(benefitOf('accident-protection', 'disability').amount, {
          disabilityLevel,
        });
        expect(computed.fen).toBe(0);
        expect(computed.results[0]?.code).toBe('disability-level');
      }
    });

    it('rejects a loss that is not positive whole fen', () => {
      for (const lossFen of [0, -5, 1.5, Number.NaN]) {
        expect(amountFor(benefitOf('accident-protection', 'fire').amount, { lossFen }).fen).toBe(0);
      }
    });
  });

  describe('inWindow', () => {
    it('handles windows inside a year and across its end', () => {
      expect(inWindow({ from: '03-01', to: '03-31' }, '03-15')).toBe(true);
      expect(inWindow({ from: '03-01', to: '03-31' }, '04-01')).toBe(false);
      expect(inWindow({ from: '12-15', to: '02-28' }, '12-15')).toBe(true);
      expect(inWindow({ from: '12-15', to: '02-28' }, '01-31')).toBe(true);
      expect(inWindow({ from: '12-15', to: '02-28' }, '06-01')).toBe(false);
    });
  });

  describe('applyRatio', () => {
    it('is floor(fen × bp / 10000) for every safe amount', () => {
      fc.assert(
        fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000 }), (fen, bp) => {
          const exact = (BigInt(fen) * BigInt(bp)) / 10_000n;
          expect(BigInt(applyRatio(fen, bp))).toBe(exact);
        }),
      );
    });
  });

  describe('properties', () => {
    const moneyBenefits = DEFAULT_CATALOG.flatMap((version) =>
      version.benefits.filter(isMoneyBenefit).map((benefit) => ({ version, benefit })),
    );

    const anyNumber = fc.oneof(
      fc.integer({ min: -1_000, max: 50_000_00 }),
      fc.integer({ min: 1, max: 400 }),
      fc.maxSafeNat(),
      fc.double(),
      fc.constant(undefined),
    );
    const facts = fc.record({
      rank: anyNumber,
      disabilityLevel: anyNumber,
      lossFen: anyNumber,
      costsFen: anyNumber,
      days: anyNumber,
    });
    const usage = fc.record({
      programFen: fc.nat({ max: 30000_00 }),
      benefitFen: fc.nat({ max: 10000_00 }),
      benefitDays: fc.nat({ max: 200 }),
      benefitCostsFen: fc.nat({ max: 5000_00 }),
      benefitClaims: fc.nat({ max: 3 }),
    });

    /** The most one claim of the benefit can pay, by its amount rule alone. */
    function perClaimMax(benefit: BenefitDef): number {
      const rule = benefit.amount;
      switch (rule.kind) {
        case 'fixed':
          return rule.fen;
        case 'byRank':
          return Math.max(...rule.bands.map((b) => b.fen));
        case 'byDisabilityLevel':
          return rule.baseFen;
        case 'lossUpToCap':
          return rule.capFen;
        case 'ratioAboveDeductible':
          return rule.capFen ?? Number.MAX_SAFE_INTEGER;
        case 'dailyAllowance':
          return rule.perDayFen * rule.maxDaysPerYear;
        case 'service':
          return 0;
      }
    }

    it('pays a non-negative safe integer within every per-claim and annual cap', () => {
      fc.assert(
        fc.property(fc.constantFrom(...moneyBenefits), facts, usage, ({ version, benefit }, f, u) => {
          // Prepare: a claim that meets the dates and eligibility, so the amount rules and caps decide.
          const window = benefit.window;
          const submittedOn = window == null ? '2025-03-15' : `2025-${window.from}`;
          const input: RulesInput = {
            version,
            claim: {
              program: version.programId,
              benefit: benefit.id,
              incidentDate: '2025-03-01',
              submittedOn,
              facts: f,
              evidence: [{ kind: benefit.evidenceKinds[0] ?? 'invoice', number: 'DOC-1' }],
            },
            member: everyone,
            usage: u,
            evidenceInUse: [],
          };
          // Act
          const outcome = evaluateRules(input);
          // Assess
          const fen = outcome.amountFen;
          expect(Number.isSafeInteger(fen)).toBe(true);
          expect(fen).toBeGreaterThanOrEqual(0);
          expect(fen).toBeLessThanOrEqual(perClaimMax(benefit));
          expect(outcome.passed).toBe(fen > 0);
          expect(outcome.consumes.fen).toBe(fen);
          if (version.annualCapFen !== null && fen > 0) {
            expect(u.programFen + fen).toBeLessThanOrEqual(version.annualCapFen);
          }
          if (benefit.annualCapFen != null && fen > 0) {
            expect(u.benefitFen + fen).toBeLessThanOrEqual(benefit.annualCapFen);
          }
          if (benefit.amount.kind === 'dailyAllowance') {
            if (outcome.consumes.days > 0) {
              expect(u.benefitDays + outcome.consumes.days).toBeLessThanOrEqual(
                benefit.amount.maxDaysPerYear,
              );
            }
            expect(fen).toBeLessThanOrEqual(outcome.consumes.days * benefit.amount.perDayFen);
          } else {
            expect(outcome.consumes.days).toBe(0);
          }
          if (benefit.maxClaimsPerYear != null && u.benefitClaims >= benefit.maxClaimsPerYear) {
            expect(fen).toBe(0);
          }
        }),
        { numRuns: 2_000 },
      );
    });

    it('never pays when any rule failed', () => {
      fc.assert(
        fc.property(fc.constantFrom(...moneyBenefits), facts, usage, ({ version, benefit }, f, u) => {
          const outcome = evaluateRules({
            version,
            claim: {
              program: version.programId,
              benefit: benefit.id,
              incidentDate: '2025-03-01',
              submittedOn: '2025-04-20',
              facts: f,
              evidence: [{ kind: benefit.evidenceKinds[0] ?? 'invoice', number: 'DOC-1' }],
            },
            member: anyone,
            usage: u,
            evidenceInUse: [],
          });
          if (outcome.results.some((r) => !r.passed)) expect(outcome.amountFen).toBe(0);
        }),
        { numRuns: 500 },
      );
    });
  });
});
