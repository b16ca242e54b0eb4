import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, programInForce } from '../../functions/domain/programs/catalog.ts';
import { evaluateRules, type RulesInput } from '../../functions/domain/rules.ts';

const base: RulesInput = {
  program: 'skill-boost',
  benefit: 'technician',
  incidentDate: '2026-03-01',
  facts: {},
  evidence: [{ kind: 'certificate', number: 'JS-2026-000123' }],
  submittedOn: '2026-04-01',
};

function failedCodes(input: RulesInput): string[] {
  return evaluateRules(input)
    .results.filter((r) => !r.passed)
    .map((r) => r.code);
}

describe('rules', () => {
  describe('evaluateRules › amounts from PROGRAMS.md', () => {
    it.each([
      ['skill-boost', 'technician', {}, 'certificate', 1000_00],
      ['skill-boost', 'senior-technician', {}, 'certificate', 2000_00],
      ['skill-boost', 'competition', { competitionName: '市职工技能大赛', rank: 1 }, 'certificate', 2000_00],
      ['skill-boost', 'competition', { competitionName: '市职工技能大赛', rank: 3 }, 'certificate', 2000_00],
      ['skill-boost', 'competition', { competitionName: '市职工技能大赛', rank: 4 }, 'certificate', 1000_00],
      ['skill-boost', 'competition', { competitionName: '市职工技能大赛', rank: 10 }, 'certificate', 1000_00],
      ['accident-protection', 'disability', { disabilityLevel: 1 }, 'disability-assessment', 5000_00],
      ['accident-protection', 'disability', { disabilityLevel: 5 }, 'disability-assessment', 3000_00],
      ['accident-protection', 'disability', { disabilityLevel: 10 }, 'disability-assessment', 500_00],
      ['accident-protection', 'death', {}, 'death-certificate', 20000_00],
      ['accident-protection', 'fire', { lossFen: 3456_78 }, 'fire-report', 3456_78],
      ['accident-protection', 'fire', { lossFen: 10000_00 }, 'fire-report', 10000_00],
      ['accident-protection', 'fire', { lossFen: 10000_01 }, 'fire-report', 10000_00],
      ['accident-protection', 'flood', { lossFen: 25000_00 }, 'flood-report', 10000_00],
    ])('%s/%s %j pays %i fen', (program, benefit, facts, evidenceKind, expected) => {
      // Act
      const outcome = evaluateRules({
        ...base,
        program,
        benefit,
        facts,
        evidence: [{ kind: evidenceKind, number: 'DOC-1' }],
      });
      // Assess
      expect(outcome.passed).toBe(true);
      expect(outcome.amountFen).toBe(expected);
      expect(outcome.results.every((r) => r.passed)).toBe(true);
    });

    it('pays every disability level 1–10 as 5000 × (11 − k) / 10 yuan', () => {
      for (let level = 1; level <= 10; level++) {
        const outcome = evaluateRules({
          ...base,
          program: 'accident-protection',
          benefit: 'disability',
          facts: { disabilityLevel: level },
          evidence: [{ kind: 'medical-record', number: 'MR-1' }],
        });
        expect(outcome.amountFen).toBe(((5000 * (11 - level)) / 10) * 100);
      }
    });
  });

  describe('evaluateRules › rejections name their rule', () => {
    it('rejects a competition rank outside the top 10', () => {
      const input = { ...base, benefit: 'competition', facts: { competitionName: 'x', rank: 11 } };
      expect(evaluateRules(input).passed).toBe(false);
      expect(evaluateRules(input).amountFen).toBe(0);
      expect(failedCodes(input)).toEqual(['competition-rank']);
    });

    it('rejects a claim made more than 365 days after the incident, and accepts day 365', () => {
      expect(failedCodes({ ...base, incidentDate: '2025-03-31', submittedOn: '2026-04-01' })).toEqual([
        'claim-deadline',
      ]);
      expect(failedCodes({ ...base, incidentDate: '2025-04-01', submittedOn: '2026-04-01' })).toEqual([]);
    });

    it('rejects an incident after the claim date', () => {
      expect(failedCodes({ ...base, incidentDate: '2026-04-02' })).toEqual(['incident-not-future']);
    });

    it('rejects a claim without the evidence the benefit needs', () => {
      const input = { ...base, evidence: [{ kind: 'invoice', number: 'INV-1' }] };
      expect(failedCodes(input)).toEqual(['evidence-provided']);
      expect(evaluateRules(input).results.find((r) => r.code === 'evidence-provided')?.zh).toContain(
        '缺少证明材料',
      );
    });

    it('rejects an incident before the program existed', () => {
      const outcome = evaluateRules({ ...base, incidentDate: '2014-12-31', submittedOn: '2015-02-01' });
      expect(outcome.passed).toBe(false);
      expect(outcome.programVersion).toBe('none');
      expect(outcome.results.map((r) => r.code)).toEqual(['program-in-force']);
    });

    it('rejects a benefit the program does not offer', () => {
      expect(failedCodes({ ...base, benefit: 'unknown' })).toEqual(['benefit-offered']);
    });

    it('lists every rule with a Chinese and an English text', () => {
      for (const r of evaluateRules(base).results) {
        expect(r.zh.length).toBeGreaterThan(0);
        expect(r.en.length).toBeGreaterThan(0);
      }
    });
  });

  describe('programInForce', () => {
    it('picks the latest version in force on the incident date', () => {
      const catalog = [
        ...CATALOG,
        { ...CATALOG[0], version: '2027.1', effectiveFrom: '2027-01-01' } as (typeof CATALOG)[number],
      ];
      expect(programInForce('skill-boost', '2026-12-31', catalog)?.version).toBe('2015.1');
      expect(programInForce('skill-boost', '2027-01-01', catalog)?.version).toBe('2027.1');
      expect(programInForce('no-such-program', '2027-01-01', catalog)).toBeNull();
    });
  });

  describe('properties', () => {
    it('never pays a negative amount, a fraction of a fen, or above the cap', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('fire', 'flood'),
          fc.integer({ min: -10, max: 50_000_000 }),
          (benefit, lossFen) => {
            const outcome = evaluateRules({
              ...base,
              program: 'accident-protection',
              benefit,
              facts: { lossFen },
              evidence: [{ kind: 'invoice', number: 'INV-9' }],
            });
            expect(Number.isSafeInteger(outcome.amountFen)).toBe(true);
            expect(outcome.amountFen).toBeGreaterThanOrEqual(0);
            expect(outcome.amountFen).toBeLessThanOrEqual(10000_00);
            expect(outcome.passed).toBe(lossFen > 0);
          },
        ),
      );
    });
  });
});
