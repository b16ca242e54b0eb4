import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../functions/domain/programs/catalog.ts';
import {
  CLAIM_DATE_LABELS,
  claimDateLabel,
  EVIDENCE_LABELS,
  evidenceLabel,
} from '../../../../functions/domain/programs/labels.ts';

const HAN = /\p{Script=Han}/u;

/** Every evidence kind the catalog asks for, a payee's proof of relation included. */
const catalogKinds = [
  ...new Set(
    DEFAULT_CATALOG.flatMap((p) =>
      p.benefits.flatMap((b) => [...b.evidenceKinds, ...(b.relationEvidence ? [b.relationEvidence] : [])]),
    ),
  ),
].sort();

const catalogBenefits = DEFAULT_CATALOG.flatMap((p) => p.benefits.map((b) => [p.programId, b.id] as const));

describe('labels', () => {
  describe('EVIDENCE_LABELS', () => {
    it.each(catalogKinds)('labels the evidence kind %s in Chinese and English', (kind) => {
      const label = EVIDENCE_LABELS[kind];
      expect(label, `no label for evidence kind ${kind}`).toBeDefined();
      expect(label?.zh).toMatch(HAN);
      expect(label?.en).toMatch(/^[A-Z][a-z]/);
    });

    it('has no label for a kind the catalog does not use', () => {
      expect(Object.keys(EVIDENCE_LABELS).sort()).toEqual(catalogKinds);
    });
  });

  describe('CLAIM_DATE_LABELS', () => {
    it.each(catalogBenefits)('says what the date of a %s / %s claim is, in Chinese and English', (p, b) => {
      const label = CLAIM_DATE_LABELS[p]?.[b];
      expect(label, `no date label for ${p} / ${b}`).toBeDefined();
      expect(label?.zh).toMatch(/日期$/);
      expect(label?.en).toMatch(/^[A-Z]/);
      expect(label?.en.toLowerCase()).toMatch(/date/);
    });

    it('calls the date by what it is: certificate, admission, accident', () => {
      expect(claimDateLabel('skill-boost', 'technician')).toEqual({ zh: '取证日期', en: 'Certificate date' });
      expect(claimDateLabel('medical-mutual-aid', 'inpatient')).toEqual({
        zh: '入院日期',
        en: 'Admission date',
      });
      expect(claimDateLabel('accident-protection', 'disability')).toEqual({
        zh: '事故日期',
        en: 'Accident date',
      });
    });
  });

  describe('fallbacks', () => {
    it('shows an unknown evidence kind by its id and an unknown benefit’s date neutrally', () => {
      expect(evidenceLabel('x-ray')).toEqual({ zh: 'x-ray', en: 'x-ray' });
      expect(claimDateLabel('skill-boost', 'new-benefit')).toEqual({ zh: '日期', en: 'Date' });
      expect(claimDateLabel('new-program', 'technician')).toEqual({ zh: '日期', en: 'Date' });
    });

    it('finds nothing inherited for an id such as constructor', () => {
      expect(evidenceLabel('constructor')).toEqual({ zh: 'constructor', en: 'constructor' });
      expect(claimDateLabel('constructor', 'constructor')).toEqual({ zh: '日期', en: 'Date' });
      expect(claimDateLabel('skill-boost', 'constructor')).toEqual({ zh: '日期', en: 'Date' });
    });
  });
});
