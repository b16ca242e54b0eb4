import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../functions/domain/programs/catalog.ts';
import {
  documentsNotReceivedReason,
  documentsWindowDays,
  missingDocuments,
} from '../../../functions/domain/required-documents.ts';
import { fieldErrors } from '../../../functions/schemas/field-errors.ts';
import { ProgramVersion } from '../../../functions/schemas/programs.ts';

function benefit(programId: string, benefitId: string) {
  const found = DEFAULT_CATALOG.find((v) => v.programId === programId)?.benefits.find(
    (b) => b.id === benefitId,
  );
  if (found === undefined) throw new Error(`no ${programId}/${benefitId}`);
  return found;
}

describe('required documents', () => {
  describe('missingDocuments', () => {
    it('names every required kind not stored, in the order the benefit lists them', () => {
      const inpatient = benefit('medical-mutual-aid', 'inpatient');
      expect(missingDocuments(inpatient, [])).toEqual(['invoice', 'discharge-summary']);
      expect(missingDocuments(inpatient, ['discharge-summary'])).toEqual(['invoice']);
      expect(missingDocuments(inpatient, ['discharge-summary', 'invoice', 'invoice'])).toEqual([]);
    });

    it('misses nothing for a benefit that requires no document, or no benefit', () => {
      expect(missingDocuments(benefit('skill-boost', 'technician'), [])).toEqual([]);
      expect(missingDocuments(null, [])).toEqual([]);
    });

    it('ignores stored documents of kinds the benefit does not require', () => {
      expect(missingDocuments(benefit('accident-protection', 'fire'), ['invoice'])).toEqual(['fire-report']);
    });
  });

  describe('the catalog', () => {
    it.each([
      ['medical-mutual-aid', 'inpatient', ['invoice', 'discharge-summary']],
      ['accident-protection', 'death', ['death-certificate', 'proof-of-relation']],
      ['legal-aid', 'litigation-subsidy', ['court-document']],
      ['accident-protection', 'fire', ['fire-report']],
    ])('%s/%s requires %j within 30 days', (programId, benefitId, kinds) => {
      const def = benefit(programId, benefitId);
      expect(def.requiredDocuments).toEqual(kinds);
      expect(documentsWindowDays(def)).toBe(30);
      for (const kind of kinds) expect(def.evidenceKinds).toContain(kind);
    });

    it('defaults the window to 30 days', () => {
      expect(documentsWindowDays({})).toBe(30);
      expect(documentsWindowDays({ documentsWindowDays: 7 })).toBe(7);
    });
  });

  describe('the version schema', () => {
    function withDeath(change: Record<string, unknown>) {
      const json = JSON.parse(
        JSON.stringify(DEFAULT_CATALOG.find((v) => v.programId === 'accident-protection')),
      ) as { benefits: Record<string, unknown>[] };
      const death = json.benefits.find((b) => b.id === 'death');
      if (death === undefined) throw new Error('no death benefit');
      Object.assign(death, change);
      const parsed = ProgramVersion.safeParse(json);
      return parsed.success ? [] : fieldErrors(parsed.error);
    }

    it('refuses a required document that is not one of the evidence kinds, naming it', () => {
      expect(withDeath({ requiredDocuments: ['death-certificate', 'invoice'] })).toEqual([
        expect.objectContaining({ field: 'benefits.1.requiredDocuments.1' }),
      ]);
    });

    it('refuses a repeated kind and a window outside 1 to 365 days', () => {
      expect(withDeath({ requiredDocuments: ['death-certificate', 'death-certificate'] })).toEqual([
        expect.objectContaining({ field: 'benefits.1.requiredDocuments' }),
      ]);
      expect(withDeath({ documentsWindowDays: 0 })).toEqual([
        expect.objectContaining({ field: 'benefits.1.documentsWindowDays' }),
      ]);
      expect(withDeath({ documentsWindowDays: 366 })).toEqual([
        expect.objectContaining({ field: 'benefits.1.documentsWindowDays' }),
      ]);
    });

    it('accepts a version whose benefit requires documents within its own window', () => {
      expect(withDeath({ requiredDocuments: ['death-certificate'], documentsWindowDays: 14 })).toEqual([]);
    });
  });

  it('states the rejection reason with the kinds not received', () => {
    expect(documentsNotReceivedReason(['invoice', 'discharge-summary'])).toBe(
      'required documents not received: invoice, discharge-summary',
    );
  });
});
