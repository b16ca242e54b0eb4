import { describe, expect, it } from 'vitest';
import {
  type AmountRule,
  bpOfPercent,
  type ChangeWords,
  changesOf,
  cnyOfFen,
  draftOf,
  fenOfCny,
  percentOfBp,
  type Version,
  versionOf,
} from '../../../console/src/program-form.ts';
import { ProgramVersionSchema } from '../../../functions/schemas/programs.ts';

const words: ChangeWords = {
  lang: 'zh',
  noCap: '不限',
  none: '—',
  amount: (rule: AmountRule) => rule.kind,
};

/** A version in force with a field the form does not show (`requires`, a benefit's `window`). */
const base = (): Version => ({
  programId: 'hardship',
  version: '2025.1',
  effectiveFrom: '2025-01-01',
  retired: false,
  zh: '困难帮扶',
  en: 'Hardship aid',
  claimDeadlineDays: 90,
  waitingPeriodDays: 0,
  requires: 'hardship',
  annualCapFen: 300_000,
  benefits: [
    {
      id: 'widow',
      zh: '孤寡救助',
      en: 'Widow aid',
      amount: { kind: 'fixed', fen: 50_000 },
      evidenceKinds: ['aid-application', 'certificate'],
      requiredDocuments: ['aid-application'],
      annualCapFen: null,
      window: { from: '01-01', to: '02-28' },
    },
    {
      id: 'care',
      zh: '住院补助',
      en: 'Hospital care',
      amount: {
        kind: 'ratioAboveDeductible',
        deductibleFen: 100_000,
        deductiblePer: 'year',
        ratioBp: 7550,
        capFen: null,
      },
      evidenceKinds: ['invoice'],
      maxClaimsPerYear: 2,
    },
    {
      id: 'ranks',
      zh: '竞赛奖励',
      en: 'Contest award',
      amount: { kind: 'byRank', bands: [{ maxRank: 3, fen: 20_000 }] },
      evidenceKinds: ['certificate'],
      requires: 'female',
    },
  ],
});

describe('the program version form (console)', () => {
  it('reads CNY as integer fen with string arithmetic, and refuses more than 2 decimals or a negative', () => {
    expect(fenOfCny('12.3')).toEqual({ ok: true, value: 1230 });
    expect(fenOfCny('0.29')).toEqual({ ok: true, value: 29 });
    expect(fenOfCny('1,234.56')).toEqual({ ok: true, value: 123_456 });
    expect(fenOfCny('600')).toEqual({ ok: true, value: 60_000 });
    expect(fenOfCny('12.345')).toEqual({ ok: false, problem: 'formCny' });
    expect(fenOfCny('-1')).toEqual({ ok: false, problem: 'formCnyNegative' });
    expect(fenOfCny('1e3')).toEqual({ ok: false, problem: 'formCny' });
    expect(fenOfCny(' ')).toEqual({ ok: false, problem: 'formRequired' });
    expect(cnyOfFen(1230)).toBe('12.30');
    expect(cnyOfFen(50_000)).toBe('500');
    expect(cnyOfFen(5)).toBe('0.05');
  });

  it('reads a percentage with up to 2 decimals as basis points, and back', () => {
    expect(bpOfPercent('75.5')).toEqual({ ok: true, value: 7550 });
    expect(bpOfPercent('0.01')).toEqual({ ok: true, value: 1 });
    expect(bpOfPercent('100')).toEqual({ ok: true, value: 10_000 });
    expect(bpOfPercent('33.333')).toEqual({ ok: false, problem: 'formPercent' });
    expect(bpOfPercent('-5')).toEqual({ ok: false, problem: 'formPercent' });
    expect(percentOfBp(7550)).toBe('75.5');
    expect(percentOfBp(1)).toBe('0.01');
  });

  it('an untouched form with a new id and date gives the version in force back, every field kept', () => {
    const draft = { ...draftOf(base()), version: '2026.1', effectiveFrom: '2026-07-01' };
    const result = versionOf(base(), draft);
    expect(result).toEqual({
      ok: true,
      version: { ...base(), version: '2026.1', effectiveFrom: '2026-07-01' },
    });
    if (result.ok) expect(ProgramVersionSchema.safeParse(result.version).success).toBe(true);
  });

  it('keeps approval times that are not whole hundredths of an hour when their hours are left as shown', () => {
    const timed = { ...base(), approvalTimeouts: { remindAfterSeconds: 100, escalateAfterSeconds: 7_200 } };
    const draft = { ...draftOf(timed), version: '2026.1', effectiveFrom: '2026-07-01' };
    expect([draft.remindHours, draft.escalateHours]).toEqual(['0.03', '2']);
    const kept = versionOf(timed, draft);
    expect(kept.ok && kept.version.approvalTimeouts).toEqual({
      remindAfterSeconds: 100,
      escalateAfterSeconds: 7_200,
    });
    const changed = versionOf(timed, { ...draft, remindHours: '0.5' });
    expect(changed.ok && changed.version.approvalTimeouts?.remindAfterSeconds).toBe(1_800);
  });

  it('maps what the form edits onto the version: amounts in fen, percent in bp, hours in seconds, no caps as null', () => {
    const draft = { ...draftOf(base()), version: '2026.1', effectiveFrom: '2026-07-01' };
    draft.capped = false;
    draft.remindHours = '12.5';
    draft.escalateHours = '48';
    const [widow, care, ranks] = draft.benefits;
    if (widow === undefined || care === undefined || ranks === undefined) throw new Error('no benefits');
    widow.amount.fen = '600';
    widow.requiredDocuments = ['aid-application', 'certificate'];
    care.amount.ratioPercent = '80.25';
    care.amount.ratioCapped = true;
    care.amount.capFen = '20000';
    care.limited = false;
    ranks.amount.bands.push({ maxRank: '10', fen: '50.5' });
    const result = versionOf(base(), draft);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const v = result.version;
    expect(v.annualCapFen).toBeNull();
    expect(v.approvalTimeouts).toEqual({ remindAfterSeconds: 45_000, escalateAfterSeconds: 172_800 });
    expect(v.benefits[0]).toMatchObject({
      amount: { kind: 'fixed', fen: 60_000 },
      requiredDocuments: ['aid-application', 'certificate'],
      window: { from: '01-01', to: '02-28' },
    });
    expect(v.benefits[1]?.amount).toEqual({
      kind: 'ratioAboveDeductible',
      deductibleFen: 100_000,
      deductiblePer: 'year',
      ratioBp: 8025,
      capFen: 2_000_000,
    });
    expect(v.benefits[1]?.maxClaimsPerYear).toBeNull();
    expect(v.benefits[2]?.amount).toEqual({
      kind: 'byRank',
      bands: [
        { maxRank: 3, fen: 20_000 },
        { maxRank: 10, fen: 5050 },
      ],
    });
    expect(ProgramVersionSchema.safeParse(v).success).toBe(true);
  });

  it('refuses, by the field the API would name, a bad amount, a required document not accepted, a missing id and an earlier date', () => {
    const draft = { ...draftOf(base()), effectiveFrom: '2024-12-31' };
    const widow = draft.benefits[0];
    if (widow === undefined) throw new Error('no benefit');
    widow.amount.fen = '600.123';
    widow.evidenceKinds = ['certificate'];
    const result = versionOf(base(), draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { field: 'version', problem: 'formRequired' },
        { field: 'effectiveFrom', problem: 'formDateAfter' },
        { field: 'benefits.0.amount.fen', problem: 'formCny' },
        { field: 'benefits.0.requiredDocuments.0', problem: 'formRequiredNotAccepted' },
      ]),
    );
    expect(result.errors).toHaveLength(4);
  });

  it('summarises the changes against the version in force, one line a field', () => {
    const draft = { ...draftOf(base()), version: '2026.1', effectiveFrom: '2026-07-01' };
    const widow = draft.benefits[0];
    if (widow === undefined) throw new Error('no benefit');
    widow.amount.fen = '600';
    widow.requiredDocuments = ['aid-application', 'certificate'];
    const result = versionOf(base(), draft);
    if (!result.ok) throw new Error('refused');
    expect(changesOf(base(), result.version, words)).toEqual([
      { benefit: null, field: 'version', from: '2025.1', to: '2026.1' },
      { benefit: null, field: 'effectiveFrom', from: '2025-01-01', to: '2026-07-01' },
      { benefit: '孤寡救助', field: 'amount', from: 'CNY 500', to: '600' },
      { benefit: '孤寡救助', field: 'requiredDocuments', from: '救助申请表', to: '救助申请表、证书' },
    ]);
  });
});
