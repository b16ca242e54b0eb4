import { describe, expect, it } from 'vitest';
import {
  type DocumentOnClaim,
  documentPredatesIncident,
  documentReuse,
  EVENT_DOCUMENT_KINDS,
  exifInstant,
  MAX_REUSE_PAIRS,
} from '../../../../functions/domain/fraud/documents.ts';

const HASH = 'ab'.repeat(32);
const doc = (claimId: string, memberId: string, extra: Partial<DocumentOnClaim> = {}): DocumentOnClaim => ({
  claimId,
  memberId,
  documentId: `D-${claimId}`,
  kind: 'invoice',
  sha256: HASH,
  ...extra,
});

describe('document fraud checks', () => {
  describe('documentReuse', () => {
    it('flags both claims of a pair, each naming the other claim, keyed by hash and other claim', () => {
      // Prepare
      const stored = doc('C2', 'M2');
      // Act
      const flags = documentReuse(stored, [doc('C1', 'M1'), stored]);
      // Assess
      expect(flags.map((f) => [f.claimId, f.flag.key])).toEqual([
        ['C2', `document-reuse|${HASH}|C1`],
        ['C1', `document-reuse|${HASH}|C2`],
      ]);
      expect(flags[0]?.flag).toMatchObject({ rule: 'document-reuse', score: 95, claimIds: ['C2', 'C1'] });
      expect(flags[0]?.flag.what.en).toContain('identical to the invoice file of claim C1');
      expect(flags[0]?.flag.what.en).toContain('another member, M1');
      expect(flags[0]?.flag.what.zh).toContain('申请 C1 的发票文件');
      expect(flags[1]?.flag.what.en).toContain('claim C2');
    });

    it('scores the same member lower and names no other member', () => {
      const flags = documentReuse(doc('C2', 'M1'), [doc('C1', 'M1')]);
      expect(flags[0]?.flag.score).toBe(85);
      expect(flags[0]?.flag.memberIds).toEqual(['M1']);
      expect(flags[0]?.flag.what.en).toContain('the same member');
    });

    it('raises nothing for the same file twice on one claim, or for another hash', () => {
      const stored = doc('C1', 'M1');
      expect(documentReuse(stored, [doc('C1', 'M1', { documentId: 'D-other' })])).toEqual([]);
      expect(documentReuse(stored, [doc('C9', 'M9', { sha256: 'cd'.repeat(32) })])).toEqual([]);
    });

    it('names each other claim once, and at most MAX_REUSE_PAIRS of them', () => {
      const filed = Array.from({ length: MAX_REUSE_PAIRS + 5 }, (_, i) => doc(`O${i}`, `M${i}`));
      const flags = documentReuse(doc('NEW', 'MX'), [...filed, doc('O1', 'M1', { documentId: 'again' })]);
      expect(flags).toHaveLength(2 * MAX_REUSE_PAIRS);
      expect(new Set(flags.map((f) => `${f.claimId} ${f.flag.key}`)).size).toBe(flags.length);
    });
  });

  describe('documentPredatesIncident', () => {
    /** An inpatient claim: its date is the admission, 2026-11-20 (Beijing), submitted 2026-12-01. */
    const claim = {
      claimId: 'C1',
      memberId: 'M1',
      program: 'medical-mutual-aid',
      benefit: 'inpatient',
      incidentDate: '2026-11-20',
      submittedAt: '2026-12-01T02:00:00.000Z',
    };
    const summary = doc('C1', 'M1', { kind: 'discharge-summary' });

    it('flags a discharge summary photographed before the admission, naming both dates', () => {
      // Act: 2026-11-19 23:30 Beijing, half an hour before the admission day began.
      const flag = documentPredatesIncident(claim, summary, '2026-11-19T15:30:00.000Z');
      // Assess
      expect(flag?.claimId).toBe('C1');
      expect(flag?.flag).toMatchObject({
        rule: 'document-date-before-incident',
        key: 'document-date-before-incident|D-C1',
        score: 60,
        claimIds: ['C1'],
        memberIds: ['M1'],
      });
      expect(flag?.flag.what.en).toContain(
        "was taken 2026-11-19 23:30 (Beijing time), before the claim's admission date 2026-11-20",
      );
      expect(flag?.flag.what.zh).toContain('出院小结图片');
      expect(flag?.flag.what.zh).toContain('早于申请的入院日期 2026-11-20');
    });

    it('raises nothing for a paper photographed after the submission (members upload once the claim exists)', () => {
      expect(documentPredatesIncident(claim, summary, '2026-12-02T01:30:00.000Z')).toBeNull();
      expect(documentPredatesIncident(claim, summary, '2027-03-01T00:00:00.000Z')).toBeNull();
    });

    it('raises nothing for a photo from the start of the incident day on, or without a date', () => {
      expect(documentPredatesIncident(claim, summary, '2026-11-19T16:00:00.000Z')).toBeNull();
      expect(documentPredatesIncident(claim, summary, '2026-11-25T09:00:00.000Z')).toBeNull();
      expect(documentPredatesIncident(claim, summary, null)).toBeNull();
    });

    it('leaves alone papers that predate the event by nature, and kinds it does not know', () => {
      const old = '2020-05-01T02:00:00.000Z';
      const death = { ...claim, program: 'accident-protection', benefit: 'death' };
      expect(documentPredatesIncident(death, doc('C1', 'M1', { kind: 'proof-of-relation' }), old)).toBeNull();
      expect(documentPredatesIncident(claim, doc('C1', 'M1', { kind: 'aid-application' }), old)).toBeNull();
      expect(documentPredatesIncident(claim, doc('C1', 'M1', { kind: 'x-ray' }), old)).toBeNull();
      expect(
        documentPredatesIncident(death, doc('C1', 'M1', { kind: 'death-certificate' }), old),
      ).not.toBeNull();
      expect(EVENT_DOCUMENT_KINDS.has('invoice')).toBe(true);
    });

    it('checks no claim whose incident date does not parse', () => {
      const broken = { ...claim, incidentDate: 'soon' };
      expect(documentPredatesIncident(broken, summary, '2020-01-01T00:00:00.000Z')).toBeNull();
    });
  });

  describe('exifInstant', () => {
    it('reads the camera clock with its offset, or as Beijing time without one', () => {
      expect(exifInstant('2026:12:03 10:11:12', '+08:00')).toBe('2026-12-03T02:11:12.000Z');
      expect(exifInstant('2026:12:03 10:11:12', '-05:30')).toBe('2026-12-03T15:41:12.000Z');
      expect(exifInstant('2026:12:03 10:11:12')).toBe('2026-12-03T02:11:12.000Z');
    });

    it('gives null for a clock never set and for impossible dates', () => {
      expect(exifInstant('0000:00:00 00:00:00')).toBeNull();
      expect(exifInstant('2026:02:30 10:00:00')).toBeNull();
      expect(exifInstant('yesterday')).toBeNull();
    });
  });
});
