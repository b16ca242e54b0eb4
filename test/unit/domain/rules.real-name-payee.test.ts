import { describe, expect, it } from 'vitest';
import { checkMembership } from '../../../functions/domain/membership.ts';
import { CATALOG } from '../../../functions/domain/programs/catalog.ts';
import type { Member, Unit } from '../../../functions/domain/registry.ts';
import { payeeRule } from '../../../functions/domain/rules.ts';
import { BenefitDef } from '../../../functions/schemas/programs.ts';

const unit: Unit = {
  code: 'BJ-HD-001',
  name: '中关村软件园工会',
  nameEn: 'Zhongguancun Software Park Union',
  tier: 'grassroots',
  parentCode: 'BJ-HD',
  path: 'BJ/BJ-HD/BJ-HD-001',
};
const member: Member = {
  memberId: 'M000001',
  name: '黄晓彤',
  idNumberHash: 'h',
  idNumberMasked: '110108********1234',
  mobile: '13800000000',
  sex: 'female',
  unitCode: 'BJ-HD-001',
  status: 'active',
  joinedOn: '2020-05-01',
  leftOn: null,
  hardship: false,
  modelWorker: false,
};
const memberOnly = { beneficiaryAllowed: undefined, relationEvidence: undefined };
const death = { beneficiaryAllowed: true, relationEvidence: 'proof-of-relation' };
const certificate = [{ kind: 'certificate' }];

describe('real-name payee', () => {
  describe('payeeRule', () => {
    it('passes when the payee is the member under the registered name (spaces and middle dots aside)', () => {
      const rule = payeeRule({
        payeeName: '黄 晓彤',
        memberName: '黄晓彤',
        benefit: memberOnly,
        evidence: certificate,
      });
      expect(rule).toMatchObject({ code: 'real-name-payee', passed: true });
    });
    it('fails, in Chinese and English, when another person is paid a benefit for the member only', () => {
      const rule = payeeRule({
        payeeName: '王芳',
        memberName: '黄晓彤',
        benefit: memberOnly,
        evidence: certificate,
      });
      expect(rule.passed).toBe(false);
      expect(rule.zh).toContain('王芳');
      expect(rule.en).toMatch(/paid to the member only/);
    });
    it('passes a beneficiary of a death benefit when the evidence names the relation', () => {
      const rule = payeeRule({
        payeeName: '王芳',
        memberName: '黄晓彤',
        benefit: death,
        evidence: [{ kind: 'death-certificate' }, { kind: 'proof-of-relation' }],
      });
      expect(rule.passed).toBe(true);
    });
    it('fails a beneficiary of a death benefit without the evidence of the relation', () => {
      const rule = payeeRule({
        payeeName: '王芳',
        memberName: '黄晓彤',
        benefit: death,
        evidence: [{ kind: 'death-certificate' }],
      });
      expect(rule.passed).toBe(false);
      expect(rule.en).toContain('proof-of-relation');
    });
    it('fails a stranger when the benefit is unknown', () => {
      expect(payeeRule({ payeeName: '王芳', memberName: '黄晓彤', benefit: null, evidence: [] }).passed).toBe(
        false,
      );
    });
  });

  describe('checkMembership with the payee check', () => {
    it('puts a payee mismatch in the correction flow with its bilingual reason', () => {
      const payee = payeeRule({ payeeName: '王芳', memberName: '黄晓彤', benefit: memberOnly, evidence: [] });
      const outcome = checkMembership(member, unit, '2026-03-01', {
        rootUnit: { code: 'BJ', path: 'BJ' },
        payee,
      });
      expect(outcome.verified).toBe(false);
      expect(outcome.correction).toMatchObject({ kinds: ['payee-mismatch'], unitCode: 'BJ-HD-001' });
      expect(outcome.correction?.detail.zh).toContain('王芳');
      expect(outcome.correction?.detail.en).toMatch(/payee/);
    });
    it('rejects a payee mismatch that was corrected once and is still there', () => {
      const payee = payeeRule({ payeeName: '王芳', memberName: '黄晓彤', benefit: memberOnly, evidence: [] });
      const outcome = checkMembership(member, unit, '2026-03-01', {
        rootUnit: { code: 'BJ', path: 'BJ' },
        correctedKinds: ['payee-mismatch'],
        payee,
      });
      expect(outcome).toMatchObject({ verified: false, correction: null });
    });
    it('verifies a member paid under their own name', () => {
      const payee = payeeRule({
        payeeName: '黄晓彤',
        memberName: '黄晓彤',
        benefit: memberOnly,
        evidence: [],
      });
      expect(checkMembership(member, unit, '2026-03-01', { rootUnit: unit, payee }).verified).toBe(true);
    });
  });

  describe('the catalog', () => {
    it('lets only the death benefit pay a beneficiary, with a proof of relation', () => {
      const allowing = CATALOG.flatMap((p) => p.benefits.filter((b) => b.beneficiaryAllowed === true));
      expect(allowing.map((b) => [b.id, b.relationEvidence])).toEqual([['death', 'proof-of-relation']]);
    });
    it('refuses a benefit that allows a beneficiary without naming the evidence of the relation', () => {
      const parsed = BenefitDef.safeParse({
        id: 'death',
        zh: '意外身故',
        en: 'Accidental death',
        amount: { kind: 'fixed', fen: 100 },
        evidenceKinds: ['death-certificate'],
        beneficiaryAllowed: true,
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['relationEvidence']);
    });
  });
});
