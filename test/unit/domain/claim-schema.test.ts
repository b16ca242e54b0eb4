import { describe, expect, it } from 'vitest';
import { validateFacts } from '../../../functions/domain/claim-facts.ts';
import { DEFAULT_CATALOG } from '../../../functions/domain/programs/catalog.ts';
import { versionInForce } from '../../../functions/domain/programs/versions.ts';
import { ClaimSubmission } from '../../../functions/schemas/claims.ts';
import { fieldErrors } from '../../../functions/schemas/field-errors.ts';
import type { ProgramVersion } from '../../../functions/schemas/programs.ts';
import { validSubmission } from '../../fixtures/claims.ts';

function errorsOf(body: unknown): string[] {
  const parsed = ClaimSubmission.safeParse(body);
  return parsed.success ? [] : fieldErrors(parsed.error).map((e) => e.field);
}

describe('claim schema', () => {
  describe('ClaimSubmission', () => {
    it('accepts a complete technician claim', () => {
      expect(errorsOf(validSubmission())).toEqual([]);
    });

    it('names each bad field', () => {
      const body = {
        ...validSubmission(),
        memberId: 'x',
        incidentDate: '2026-02-30',
        payee: { name: '王芳', bankName: '工商银行', accountNumber: '12ab' },
      };
      expect(errorsOf(body).sort()).toEqual(['incidentDate', 'memberId', 'payee.accountNumber']);
    });

    it('checks the shape only: facts are any record, whatever the program', () => {
      const body = {
        ...validSubmission(),
        program: 'lottery',
        benefit: 'astronaut',
        facts: { disabilityLevel: 11, lossFen: 12.5 },
      };
      expect(errorsOf(body)).toEqual([]);
      expect(errorsOf({ ...validSubmission(), facts: [1, 2] })).toEqual(['facts']);
      expect(errorsOf({ ...validSubmission(), program: 'Lottery!' })).toEqual(['program']);
    });

    it('rejects unknown fields and a missing evidence list', () => {
      expect(errorsOf({ ...validSubmission(), extra: 1 })).toEqual(['(body)']);
      expect(errorsOf({ ...validSubmission(), evidence: [] })).toEqual(['evidence']);
    });
  });

  describe('validateFacts', () => {
    function version(programId: string): ProgramVersion {
      const found = versionInForce(DEFAULT_CATALOG, programId, '2026-03-01');
      if (found === null) throw new Error(`no ${programId}`);
      return found;
    }

    it('accepts the facts each kind of benefit needs', () => {
      expect(validateFacts(version('skill-boost'), 'technician', {})).toEqual([]);
      expect(
        validateFacts(version('skill-boost'), 'competition', { competitionName: '市职工技能大赛', rank: 4 }),
      ).toEqual([]);
      expect(validateFacts(version('accident-protection'), 'disability', { disabilityLevel: 10 })).toEqual(
        [],
      );
      expect(validateFacts(version('accident-protection'), 'fire', { lossFen: 3456_78 })).toEqual([]);
      expect(validateFacts(version('medical-mutual-aid'), 'outpatient', { costsFen: 2000_00 })).toEqual([]);
      expect(validateFacts(version('medical-mutual-aid'), 'hospital-daily-allowance', { days: 12 })).toEqual(
        [],
      );
    });

    it('names the facts of the benefit', () => {
      expect(validateFacts(version('accident-protection'), 'disability', { disabilityLevel: 11 })).toEqual([
        { field: 'facts.disabilityLevel', message: 'must be a disability level from 1 to 10' },
      ]);
      expect(
        validateFacts(version('skill-boost'), 'competition', { competitionName: '大赛' }).map((e) => e.field),
      ).toEqual(['facts.rank']);
    });

    it('rejects money as a float', () => {
      expect(validateFacts(version('accident-protection'), 'fire', { lossFen: 12.5 })).toEqual([
        { field: 'facts.lossFen', message: 'must be whole fen (integer)' },
      ]);
      expect(
        validateFacts(version('medical-mutual-aid'), 'inpatient', { costsFen: 0.5 }).map((e) => e.field),
      ).toEqual(['facts.costsFen']);
    });

    it('rejects facts the benefit does not take', () => {
      expect(validateFacts(version('skill-boost'), 'technician', { rank: 1 }).map((e) => e.field)).toEqual([
        'facts',
      ]);
    });

    it('names an unknown benefit', () => {
      expect(validateFacts(version('skill-boost'), 'astronaut', {})).toEqual([
        { field: 'benefit', message: 'is not a benefit of skill-boost' },
      ]);
    });

    it('sends a service to the service-visit record', () => {
      expect(validateFacts(version('psychological-care'), 'counselling', {})).toEqual([
        { field: 'benefit', message: 'is a service: record it as a service visit' },
      ]);
    });

    it('names a retired program', () => {
      const retired: ProgramVersion = {
        ...version('skill-boost'),
        effectiveFrom: '2027-01-01',
        retired: true,
      };
      expect(validateFacts(retired, 'technician', {})).toEqual([
        { field: 'program', message: 'was retired on 2027-01-01' },
      ]);
    });
  });
});
