import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import { approvalForm } from '../../../functions/http/approval-page.ts';
import type { Lang } from '../../../functions/http/i18n.ts';
import type { ApprovalPageData } from '../../../functions/usecases/approval-link.ts';

function claimOf(fields: Partial<Claim>): Claim {
  return {
    claimId: 'C01KZ0000000000000000000001',
    memberId: 'M000001',
    program: 'skill-boost',
    benefit: 'technician',
    incidentDate: '2026-10-01',
    evidence: [{ kind: 'certificate', number: 'JS-1' }],
    rules: { passed: true, amountFen: 1000_00, programVersion: '2015.1', results: [] },
    ...fields,
  } as unknown as Claim;
}

function pageOf(claim: Claim, lang: Lang, extra: Partial<ApprovalPageData> = {}): string {
  const data: ApprovalPageData = {
    linkId: 'Ab3dEf6hIj9kLm2nOp5qRs',
    state: 'pending',
    claim,
    level: 2,
    approverId: 'A-2',
    openedAt: '2026-12-05T08:39:00.000Z',
    expiresAt: '2026-12-08T08:39:00.000Z',
    member: { name: '王芳', idNumberMasked: '1101**********1234' },
    decision: null,
    levels: 2,
    earlier: [],
    ...extra,
  };
  return approvalForm({ lang, langSwitch: true }, data, 'csrf');
}

describe('approval page', () => {
  describe('times', () => {
    it('shows when the link expires, and when an earlier level decided, in Beijing time', () => {
      const earlier = [
        {
          level: 1,
          unitCode: 'BJ-HD-001',
          decision: {
            level: 1,
            decision: 'approve' as const,
            approverId: 'A-1',
            reason: '',
            decidedAt: '2026-12-07T17:05:00.000Z',
          },
        },
      ];
      const zh = pageOf(claimOf({}), 'zh', { earlier });
      expect(zh).toContain('链接有效期至 2026-12-08 16:39（北京时间）');
      expect(zh).toContain('2026-12-08 01:05（北京时间）');
      const en = pageOf(claimOf({}), 'en', { earlier });
      expect(en).toContain('This link expires 2026-12-08 16:39 Beijing time');
      expect(en).toContain('2026-12-08 01:05 Beijing time');
      expect(`${zh}${en}`).not.toContain('UTC');
    });
  });

  describe('labels', () => {
    it('labels a skill certificate claim by the certificate date and its evidence in words', () => {
      const zh = pageOf(claimOf({}), 'zh');
      expect(zh).toContain('<dt>取证日期</dt><dd>2026-10-01</dd>');
      expect(zh).toContain('证书 JS-1');
      expect(zh).not.toContain('事故日期');
      expect(zh).not.toContain('certificate');
      const en = pageOf(claimOf({}), 'en');
      expect(en).toContain('<dt>Certificate date</dt><dd>2026-10-01</dd>');
      expect(en).toContain('Certificate JS-1');
    });

    it('labels an accidental disability by the accident date and its two documents', () => {
      const claim = claimOf({
        program: 'accident-protection',
        benefit: 'disability',
        evidence: [
          { kind: 'disability-assessment', number: 'SC-7' },
          { kind: 'medical-record', number: 'BL-9' },
        ],
      });
      const zh = pageOf(claim, 'zh');
      expect(zh).toContain('<dt>事故日期</dt>');
      expect(zh).toContain('伤残鉴定书 SC-7<br>病历 BL-9');
      expect(zh).not.toContain('disability-assessment');
      expect(pageOf(claim, 'en')).toContain('Disability assessment SC-7<br>Medical record BL-9');
    });

    it('labels an inpatient claim by the admission date', () => {
      const claim = claimOf({
        program: 'medical-mutual-aid',
        benefit: 'inpatient',
        evidence: [{ kind: 'invoice', number: 'FP-3' }],
      });
      expect(pageOf(claim, 'zh')).toContain('<dt>入院日期</dt>');
      expect(pageOf(claim, 'en')).toContain('<dt>Admission date</dt>');
    });

    it('shows an evidence kind it has no label for by its id, escaped', () => {
      const claim = claimOf({ evidence: [{ kind: 'x-ray', number: '<b>1</b>' }] });
      expect(pageOf(claim, 'zh')).toContain('x-ray &#60;b&#62;1&#60;/b&#62;');
    });
  });
});
