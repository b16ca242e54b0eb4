/** One line of the evaluation: a grassroots unit, a district / industry union or the city, × a program. */
export interface EvaluationRow {
  readonly level: 'unit' | 'district' | 'city';
  readonly unitCode: string;
  readonly unitName: string;
  readonly unitNameEn: string;
  /** The district or industry union the unit belongs to (itself for a district row). */
  readonly districtCode: string;
  /** A program id, or `*` for all programs together. */
  readonly program: string;
  readonly registeredMembers: number;
  readonly membersServed: number;
  readonly servedVisits: number;
  /** Members served ÷ registered members, in basis points (null without registered members). */
  readonly coverageBp: number | null;
  readonly coverageTargetBp: number;
  readonly meetsCoverageTarget: boolean | null;
  readonly claimsSubmitted: number;
  readonly claimsPaid: number;
  readonly claimsRejected: number;
  readonly claimsFailed: number;
  readonly claimsOpen: number;
  readonly payments: number;
  readonly amountPaidFen: number;
  readonly budgetAllocatedFen: number;
  readonly budgetPaidFen: number;
  /** Budget paid ÷ allocated: the share of the retained funds for member services spent on them. */
  readonly budgetUsedBp: number | null;
  readonly serviceSpendFloorBp: number;
  readonly meetsServiceSpendFloor: boolean | null;
  readonly approvals: number;
  readonly turnaroundMedianMinutes: number | null;
  readonly turnaroundP90Minutes: number | null;
  readonly satisfactionCount: number;
  readonly satisfactionMean: number | null;
  readonly satisfaction1: number;
  readonly satisfaction2: number;
  readonly satisfaction3: number;
  readonly satisfaction4: number;
  readonly satisfaction5: number;
  readonly fraudFlagsRaised: number;
  readonly fraudFlagsConfirmed: number;
}

/** The columns in order, each with its Chinese and English heading (CSV header, HTML tables). */
export const COLUMNS: readonly {
  readonly key: keyof EvaluationRow;
  readonly zh: string;
  readonly en: string;
}[] = [
  { key: 'level', zh: '层级', en: 'Level' },
  { key: 'unitCode', zh: '单位代码', en: 'Unit code' },
  { key: 'unitName', zh: '单位名称', en: 'Unit name' },
  { key: 'unitNameEn', zh: '单位英文名', en: 'Unit name (en)' },
  { key: 'districtCode', zh: '区/产业工会', en: 'District / industry union' },
  { key: 'program', zh: '项目', en: 'Program' },
  { key: 'registeredMembers', zh: '在册会员', en: 'Registered members' },
  { key: 'membersServed', zh: '服务会员数', en: 'Members served' },
  { key: 'servedVisits', zh: '服务人次', en: 'Service visits' },
  { key: 'coverageBp', zh: '覆盖率(基点)', en: 'Coverage (bp)' },
  { key: 'coverageTargetBp', zh: '覆盖目标(基点)', en: 'Coverage target (bp)' },
  { key: 'meetsCoverageTarget', zh: '达到覆盖目标', en: 'Meets coverage target' },
  { key: 'claimsSubmitted', zh: '申请数', en: 'Claims submitted' },
  { key: 'claimsPaid', zh: '已支付', en: 'Claims paid' },
  { key: 'claimsRejected', zh: '已驳回', en: 'Claims rejected' },
  { key: 'claimsFailed', zh: '已失败', en: 'Claims failed' },
  { key: 'claimsOpen', zh: '办理中', en: 'Claims open' },
  { key: 'payments', zh: '支付笔数', en: 'Payments' },
  { key: 'amountPaidFen', zh: '支付金额(分)', en: 'Amount paid (fen)' },
  { key: 'budgetAllocatedFen', zh: '预算(分)', en: 'Budget allocated (fen)' },
  { key: 'budgetPaidFen', zh: '预算已用(分)', en: 'Budget paid (fen)' },
  { key: 'budgetUsedBp', zh: '预算使用率(基点)', en: 'Budget used (bp)' },
  { key: 'serviceSpendFloorBp', zh: '服务支出下限(基点)', en: 'Service spend floor (bp)' },
  { key: 'meetsServiceSpendFloor', zh: '达到支出下限', en: 'Meets service spend floor' },
  { key: 'approvals', zh: '审批数', en: 'Approvals decided' },
  { key: 'turnaroundMedianMinutes', zh: '审批时长中位数(分钟)', en: 'Turnaround median (min)' },
  { key: 'turnaroundP90Minutes', zh: '审批时长P90(分钟)', en: 'Turnaround p90 (min)' },
  { key: 'satisfactionCount', zh: '满意度评价数', en: 'Ratings' },
  { key: 'satisfactionMean', zh: '满意度均分', en: 'Mean rating' },
  { key: 'satisfaction1', zh: '1分', en: 'Rated 1' },
  { key: 'satisfaction2', zh: '2分', en: 'Rated 2' },
  { key: 'satisfaction3', zh: '3分', en: 'Rated 3' },
  { key: 'satisfaction4', zh: '4分', en: 'Rated 4' },
  { key: 'satisfaction5', zh: '5分', en: 'Rated 5' },
  { key: 'fraudFlagsRaised', zh: '风险标记', en: 'Fraud flags raised' },
  { key: 'fraudFlagsConfirmed', zh: '确认欺诈', en: 'Fraud flags confirmed' },
];

/** A served member as the export shows them: a pseudonym, never an id, name or number. */
export interface MemberLine {
  readonly member: string;
  readonly unitCode: string;
  readonly districtCode: string;
  readonly programs: readonly string[];
  readonly paidClaims: number;
  readonly visits: number;
}

/** Fewer distinct members than this behind a row, and its figures are not published. */
export const SMALL_GROUP = 5;

/** What a suppressed figure shows in the CSV and the HTML report (JSON Lines: null, `suppressed: true`). */
export const SUPPRESSED_MARK = `<${SMALL_GROUP}`;

/** The figures computed from members' claims, visits and ratings: blanked in a suppressed row. */
export const SUPPRESSIBLE = [
  'membersServed',
  'servedVisits',
  'coverageBp',
  'meetsCoverageTarget',
  'claimsSubmitted',
  'claimsPaid',
  'claimsRejected',
  'claimsFailed',
  'claimsOpen',
  'payments',
  'amountPaidFen',
  'budgetPaidFen',
  'budgetUsedBp',
  'meetsServiceSpendFloor',
  'approvals',
  'turnaroundMedianMinutes',
  'turnaroundP90Minutes',
  'satisfactionCount',
  'satisfactionMean',
  'satisfaction1',
  'satisfaction2',
  'satisfaction3',
  'satisfaction4',
  'satisfaction5',
  'fraudFlagsRaised',
  'fraudFlagsConfirmed',
] as const satisfies readonly (keyof EvaluationRow)[];

export type SuppressibleKey = (typeof SUPPRESSIBLE)[number];

/** A row as the export publishes it: a suppressed row has null in every SUPPRESSIBLE figure. */
export type PublishedRow = Omit<EvaluationRow, SuppressibleKey> & {
  readonly [K in SuppressibleKey]: EvaluationRow[K] | null;
} & { readonly suppressed: boolean };
