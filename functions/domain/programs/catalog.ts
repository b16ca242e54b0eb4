import type { Fen } from '../money.ts';

/**
 * The money programs as data (figures from the service plan and our defaults; see PROGRAMS.md).
 * A version is in force from `effectiveFrom`; a claim is judged by the version in force on its
 * incident date.
 */
export type AmountRule =
  | { readonly kind: 'fixed'; readonly fen: Fen }
  /** Competition rank bands: the first band whose `maxRank` ≥ rank pays. */
  | { readonly kind: 'byRank'; readonly bands: readonly { readonly maxRank: number; readonly fen: Fen }[] }
  /** Disability level k (1 = most severe … 10) pays base × (11 − k) / 10. */
  | { readonly kind: 'byDisabilityLevel'; readonly baseFen: Fen; readonly levels: number }
  /** The documented loss, up to a cap. */
  | { readonly kind: 'lossUpToCap'; readonly capFen: Fen };

export interface BenefitDef {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly amount: AmountRule;
  /** Evidence kinds at least one of which must be given. */
  readonly evidenceKinds: readonly string[];
}

export interface ProgramVersion {
  readonly programId: string;
  readonly version: string;
  readonly effectiveFrom: string;
  readonly zh: string;
  readonly en: string;
  /** Days after the incident within which a claim must be submitted. */
  readonly claimDeadlineDays: number;
  readonly benefits: readonly BenefitDef[];
}

export const CATALOG: readonly ProgramVersion[] = [
  {
    programId: 'skill-boost',
    version: '2015.1',
    effectiveFrom: '2015-01-09',
    zh: '技能助推',
    en: 'Skill boost',
    claimDeadlineDays: 365,
    benefits: [
      {
        id: 'technician',
        zh: '技师证书补贴',
        en: 'Technician certificate subsidy',
        amount: { kind: 'fixed', fen: 1000_00 },
        evidenceKinds: ['certificate'],
      },
      {
        id: 'senior-technician',
        zh: '高级技师证书补贴',
        en: 'Senior technician certificate subsidy',
        amount: { kind: 'fixed', fen: 2000_00 },
        evidenceKinds: ['certificate'],
      },
      {
        id: 'competition',
        zh: '市级技能竞赛前十名奖励',
        en: 'City skills competition top-10 award',
        amount: {
          kind: 'byRank',
          bands: [
            { maxRank: 3, fen: 2000_00 },
            { maxRank: 10, fen: 1000_00 },
          ],
        },
        evidenceKinds: ['certificate'],
      },
    ],
  },
  {
    programId: 'accident-protection',
    version: '2015.1',
    effectiveFrom: '2015-01-09',
    zh: '意外保障',
    en: 'Accident protection',
    claimDeadlineDays: 365,
    benefits: [
      {
        id: 'disability',
        zh: '意外伤残',
        en: 'Accidental disability',
        amount: { kind: 'byDisabilityLevel', baseFen: 5000_00, levels: 10 },
        evidenceKinds: ['disability-assessment', 'medical-record'],
      },
      {
        id: 'death',
        zh: '意外身故',
        en: 'Accidental death',
        amount: { kind: 'fixed', fen: 20000_00 },
        evidenceKinds: ['death-certificate'],
      },
      {
        id: 'fire',
        zh: '家庭财产火灾损失',
        en: 'Household property loss by fire',
        amount: { kind: 'lossUpToCap', capFen: 10000_00 },
        evidenceKinds: ['fire-report', 'invoice'],
      },
      {
        id: 'flood',
        zh: '家庭财产水灾损失',
        en: 'Household property loss by flood',
        amount: { kind: 'lossUpToCap', capFen: 10000_00 },
        evidenceKinds: ['flood-report', 'invoice'],
      },
    ],
  },
];

/** The version of a program in force on a date (ISO yyyy-mm-dd), or null. */
export function programInForce(
  programId: string,
  onDate: string,
  catalog: readonly ProgramVersion[] = CATALOG,
): ProgramVersion | null {
  let best: ProgramVersion | null = null;
  for (const version of catalog) {
    if (version.programId !== programId || version.effectiveFrom > onDate) continue;
    if (best === null || version.effectiveFrom > best.effectiveFrom) best = version;
  }
  return best;
}

export function programIds(catalog: readonly ProgramVersion[] = CATALOG): string[] {
  return [...new Set(catalog.map((version) => version.programId))];
}
