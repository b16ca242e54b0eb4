import {
  type ApprovalTimeouts,
  type BenefitDef,
  DEFAULT_APPROVAL_TIMEOUTS,
  type ProgramVersion,
} from '../../schemas/programs.ts';
import { versionInForce } from './versions.ts';

/**
 * The ten programs of the service plan (北京市总工会服务职工实施方案, issued 2015-01-09) as data: the
 * versions in force from the plan's date. Figures marked `// default` are ours, not the plan's (see
 * PROGRAMS.md): they are configuration, and a new version (with a later `effectiveFrom`) replaces them.
 * Money is integer fen (`1000_00` = 1000 CNY); ratios are basis points (`5000` = 50%).
 */

const PLAN_DATE = '2015-01-09';
const PLAN_VERSION = '2015.1';
const CLAIM_DEADLINE_DAYS = 365; // default
/** Days a claim waits for its required documents before it is rejected. */
const DOCUMENTS_WINDOW_DAYS = 30; // default

function service(id: string, zh: string, en: string): BenefitDef {
  return { id, zh, en, amount: { kind: 'service' }, evidenceKinds: [] };
}

function program(
  fields: Omit<ProgramVersion, 'version' | 'effectiveFrom' | 'retired' | 'claimDeadlineDays'> &
    Partial<Pick<ProgramVersion, 'claimDeadlineDays'>>,
): ProgramVersion {
  return {
    version: PLAN_VERSION,
    effectiveFrom: PLAN_DATE,
    retired: false,
    claimDeadlineDays: CLAIM_DEADLINE_DAYS,
    ...fields,
  };
}

export const DEFAULT_CATALOG: readonly ProgramVersion[] = [
  program({
    programId: 'skill-boost',
    zh: '技能助推',
    en: 'Skill boost',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      {
        id: 'technician',
        zh: '技师证书补贴',
        en: 'Technician certificate subsidy',
        amount: { kind: 'fixed', fen: 1000_00 }, // default (plan: 1000–2000)
        evidenceKinds: ['certificate'],
      },
      {
        id: 'senior-technician',
        zh: '高级技师证书补贴',
        en: 'Senior technician certificate subsidy',
        amount: { kind: 'fixed', fen: 2000_00 }, // default (plan: 1000–2000)
        evidenceKinds: ['certificate'],
      },
      {
        id: 'competition',
        zh: '市级技能竞赛前十名奖励',
        en: 'City skills competition top-10 award',
        amount: {
          kind: 'byRank',
          bands: [
            { maxRank: 3, fen: 2000_00 }, // default
            { maxRank: 10, fen: 1000_00 }, // default (top 10: plan)
          ],
        },
        evidenceKinds: ['certificate'],
      },
    ],
  }),
  program({
    programId: 'legal-aid',
    zh: '工会法律服务',
    en: 'Legal services',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: 5000_00, // default
    benefits: [
      service('consultation', '法律咨询', 'Legal consultation'),
      service('representation', '法律援助代理', 'Legal-aid representation'),
      service('document-drafting', '法律文书代写', 'Legal document drafting'),
      service('mediation', '劳动争议调解', 'Labour-dispute mediation'),
      {
        id: 'litigation-subsidy',
        zh: '打官司补贴',
        en: 'Litigation subsidy',
        amount: {
          kind: 'ratioAboveDeductible',
          deductibleFen: 0, // default
          deductiblePer: 'claim',
          ratioBp: 8000, // default: 80%
          capFen: null, // default: no cap per claim, only the annual cap
        },
        evidenceKinds: ['invoice', 'court-document'],
        requiredDocuments: ['court-document'],
        documentsWindowDays: DOCUMENTS_WINDOW_DAYS,
        annualCapFen: 5000_00, // default
      },
    ],
  }),
  program({
    programId: 'culture-sports',
    zh: '文体推介',
    en: 'Culture & sports',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      service('training', '免费或优惠文体培训', 'Free or discounted training'),
      service('event', '文体活动', 'Culture and sports events'),
      service('venue', '场馆优惠', 'Discounted venues'),
    ],
  }),
  program({
    programId: 'medical-mutual-aid',
    zh: '医疗互助',
    en: 'Medical mutual aid',
    waitingPeriodDays: 90, // default
    requires: 'none',
    annualCapFen: 20000_00, // default
    benefits: [
      {
        id: 'outpatient',
        zh: '门（急）诊医疗互助',
        en: 'Outpatient costs',
        amount: {
          kind: 'ratioAboveDeductible',
          deductibleFen: 1800_00, // default
          deductiblePer: 'year', // default
          ratioBp: 5000, // default: 50%
          capFen: null,
        },
        evidenceKinds: ['invoice'],
      },
      {
        id: 'inpatient',
        zh: '住院医疗互助',
        en: 'Inpatient costs',
        amount: {
          kind: 'ratioAboveDeductible',
          deductibleFen: 1300_00, // default
          deductiblePer: 'claim', // default: one claim per admission
          ratioBp: 5000, // default: 50%
          capFen: null,
        },
        evidenceKinds: ['invoice', 'discharge-summary'],
        requiredDocuments: ['invoice', 'discharge-summary'],
        documentsWindowDays: DOCUMENTS_WINDOW_DAYS,
      },
      {
        id: 'hospital-daily-allowance',
        zh: '住院津贴',
        en: 'Hospital daily allowance',
        amount: {
          kind: 'dailyAllowance',
          perDayFen: 50_00, // default
          maxDaysPerYear: 180, // default
        },
        evidenceKinds: ['discharge-summary'],
      },
      {
        id: 'critical-illness',
        zh: '重大疾病互助',
        en: 'Critical illness',
        amount: { kind: 'fixed', fen: 10000_00 }, // default
        evidenceKinds: ['diagnosis-certificate'],
        maxClaimsPerYear: 1, // default
      },
      {
        id: 'female-special-disease',
        zh: '女职工特殊疾病互助',
        en: "Female workers' special diseases",
        amount: { kind: 'fixed', fen: 5000_00 }, // default
        evidenceKinds: ['diagnosis-certificate'],
        requires: 'female',
        maxClaimsPerYear: 1, // default
      },
      {
        id: 'accidental-injury',
        zh: '意外伤害医疗互助',
        en: 'Accidental injury costs',
        amount: {
          kind: 'ratioAboveDeductible',
          deductibleFen: 0, // default
          deductiblePer: 'claim',
          ratioBp: 5000, // default: 50%
          capFen: 5000_00, // default
        },
        evidenceKinds: ['invoice'],
      },
      {
        id: 'child-accident',
        zh: '会员子女意外伤害互助',
        en: "Members' children's accidents",
        amount: {
          kind: 'ratioAboveDeductible',
          deductibleFen: 0, // default
          deductiblePer: 'claim',
          ratioBp: 5000, // default: 50%
          capFen: 3000_00, // default
        },
        evidenceKinds: ['invoice'],
      },
    ],
  }),
  program({
    programId: 'health-promotion',
    zh: '健康促进',
    en: 'Health promotion',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      service('walking-campaign', '健步走活动', 'Walking campaign'),
      service('fitness-test', '体质测试', 'Fitness test'),
      service('health-record', '健康档案', 'Health record'),
    ],
  }),
  program({
    programId: 'occupational-rehab',
    zh: '职业康复',
    en: 'Occupational rehab',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      service('screening', '免费职业病筛查', 'Free screening'),
      service('tcm-therapy', '中医康复理疗', 'TCM rehabilitation therapy'),
      service('registration-free-visit', '免挂号费就诊', 'Registration-fee-free visit'),
    ],
  }),
  program({
    programId: 'accident-protection',
    zh: '意外保障',
    en: 'Accident protection',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      {
        id: 'disability',
        zh: '意外伤残',
        en: 'Accidental disability',
        // up to 5000: plan; graded 1–10 as 5000 × (11 − k) / 10: default
        amount: { kind: 'byDisabilityLevel', baseFen: 5000_00, levels: 10 },
        evidenceKinds: ['disability-assessment', 'medical-record'],
      },
      {
        id: 'death',
        zh: '意外身故',
        en: 'Accidental death',
        amount: { kind: 'fixed', fen: 20000_00 },
        evidenceKinds: ['death-certificate', 'proof-of-relation'],
        requiredDocuments: ['death-certificate', 'proof-of-relation'],
        documentsWindowDays: DOCUMENTS_WINDOW_DAYS,
        // Paid to the family: the payee's relation is shown by a proof of relation (亲属关系证明).
        beneficiaryAllowed: true,
        relationEvidence: 'proof-of-relation',
      },
      {
        id: 'fire',
        zh: '家庭财产火灾损失',
        en: 'Household property loss by fire',
        amount: { kind: 'lossUpToCap', capFen: 10000_00 },
        evidenceKinds: ['fire-report', 'invoice'],
        requiredDocuments: ['fire-report'],
        documentsWindowDays: DOCUMENTS_WINDOW_DAYS,
      },
      {
        id: 'flood',
        zh: '家庭财产水灾损失',
        en: 'Household property loss by flood',
        amount: { kind: 'lossUpToCap', capFen: 10000_00 }, // default
        evidenceKinds: ['flood-report', 'invoice'],
      },
    ],
  }),
  program({
    programId: 'psychological-care',
    zh: '心理关爱',
    en: 'Psychological care',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      service('check-up', '免费心理体检', 'Free psychological check-up'),
      service('counselling', '心灵驿站心理咨询', 'Counselling at a heart station'),
    ],
  }),
  program({
    programId: 'hardship-aid',
    zh: '困难帮扶',
    en: 'Hardship aid',
    waitingPeriodDays: 0,
    requires: 'hardshipOrModelWorker',
    annualCapFen: null,
    benefits: [
      {
        id: 'living-aid',
        zh: '生活救助',
        en: 'Living aid',
        amount: { kind: 'fixed', fen: 2000_00 }, // default
        evidenceKinds: ['aid-application'],
        requires: 'hardship',
        maxClaimsPerYear: 1, // default
      },
      service('employment-help', '就业帮扶', 'Employment help'),
      {
        id: 'medical-aid',
        zh: '医疗救助',
        en: 'Medical aid',
        amount: { kind: 'lossUpToCap', capFen: 5000_00 }, // default
        evidenceKinds: ['invoice'],
        requires: 'hardship',
      },
      {
        id: 'emergency-aid',
        zh: '应急救助',
        en: 'Emergency aid',
        amount: { kind: 'lossUpToCap', capFen: 5000_00 }, // default
        evidenceKinds: ['incident-report', 'invoice'],
        requires: 'hardship',
      },
      {
        id: 'spring-festival',
        zh: '两节送温暖',
        en: 'Spring Festival warmth',
        amount: { kind: 'fixed', fen: 1000_00 }, // default
        evidenceKinds: ['aid-application'],
        maxClaimsPerYear: 1, // default
        window: { from: '12-15', to: '02-28' }, // default
      },
      {
        id: 'single-parent',
        zh: '三八单亲女职工帮扶',
        en: 'March 8 single-parent aid',
        amount: { kind: 'fixed', fen: 1000_00 }, // default
        evidenceKinds: ['aid-application'],
        requires: 'hardship',
        maxClaimsPerYear: 1, // default
        window: { from: '03-01', to: '03-31' }, // default
      },
      {
        id: 'model-worker-care',
        zh: '五一劳模关爱',
        en: 'May 1 model-worker care',
        amount: { kind: 'fixed', fen: 1000_00 }, // default
        evidenceKinds: ['aid-application'],
        requires: 'modelWorker',
        maxClaimsPerYear: 1, // default
        window: { from: '04-15', to: '05-15' }, // default
      },
      {
        id: 'education-aid',
        zh: '金秋助学',
        en: 'September education aid',
        amount: { kind: 'lossUpToCap', capFen: 5000_00 }, // default: tuition up to 5000
        evidenceKinds: ['tuition-invoice'],
        requires: 'hardship',
        maxClaimsPerYear: 1, // default
        window: { from: '08-01', to: '09-30' }, // default
      },
    ],
  }),
  program({
    programId: 'maternal-care',
    zh: '母婴关怀',
    en: 'Maternal care',
    waitingPeriodDays: 0,
    requires: 'none',
    annualCapFen: null,
    benefits: [
      service('nursing-room', '母婴关爱室', 'Nursing room'),
      service('maternal-health-talk', '母婴健康讲座', 'Maternal health talk'), // default
    ],
  }),
];

/** The same list under its former name. */
export const CATALOG = DEFAULT_CATALOG;

/** The version of a program in force on a date (ISO yyyy-mm-dd), or null. */
export function programInForce(
  programId: string,
  onDate: string,
  catalog: readonly ProgramVersion[] = DEFAULT_CATALOG,
): ProgramVersion | null {
  return versionInForce(catalog, programId, onDate);
}

export function programIds(catalog: readonly ProgramVersion[] = DEFAULT_CATALOG): string[] {
  return [...new Set(catalog.map((version) => version.programId))];
}

/** The approval timeouts of a version: its own, or the defaults (reminder after 24 h, escalation after 72 h). */
export function approvalTimeoutsOf(
  version: Pick<ProgramVersion, 'approvalTimeouts'> | null,
): ApprovalTimeouts {
  return version?.approvalTimeouts ?? DEFAULT_APPROVAL_TIMEOUTS;
}

export type { AmountRule } from '../../schemas/program-amounts.ts';
export type { ApprovalTimeouts, BenefitDef, ProgramVersion } from '../../schemas/programs.ts';
