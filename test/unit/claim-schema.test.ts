import { describe, expect, it } from 'vitest';
import { ClaimSubmission, fieldErrors } from '../../functions/domain/claim-schema.ts';
import { validSubmission } from '../fixtures/claims.ts';

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

    it('names the facts of the benefit', () => {
      const body = {
        ...validSubmission(),
        program: 'accident-protection',
        benefit: 'disability',
        facts: { disabilityLevel: 11 },
      };
      expect(errorsOf(body)).toEqual(['facts.disabilityLevel']);
    });

    it('rejects money as a float', () => {
      const body = {
        ...validSubmission(),
        program: 'accident-protection',
        benefit: 'fire',
        facts: { lossFen: 12.5 },
      };
      expect(errorsOf(body)).toEqual(['facts.lossFen']);
    });

    it('names an unknown program, or an unknown benefit of a known one', () => {
      expect(errorsOf({ ...validSubmission(), program: 'lottery' })).toEqual(['program']);
      expect(errorsOf({ ...validSubmission(), benefit: 'astronaut' })).toEqual(['benefit']);
    });

    it('rejects unknown fields and a missing evidence list', () => {
      expect(errorsOf({ ...validSubmission(), extra: 1 })).toEqual(['(body)']);
      expect(errorsOf({ ...validSubmission(), evidence: [] })).toEqual(['evidence']);
    });
  });
});
