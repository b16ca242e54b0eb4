/**
 * A small data set for the evaluation export whose figures are worked out by hand in the tests (period:
 * 2026). Items are written as the tables hold them. Personal data is included on purpose, to prove
 * none of it leaves in an export.
 */
type Item = Record<string, unknown>;

const unit = (code: string, tier: string, path: string, name: string) => ({
  pk: `UNIT#${code}`,
  sk: 'UNIT',
  type: 'unit',
  code,
  name,
  nameEn: `${code} union`,
  tier,
  parentCode: path.split('/').at(-2) ?? null,
  path,
});

export const PERSONAL = {
  M000001: {
    name: '王芳',
    idNumber: '110105198001011234',
    mobile: '13800138001',
    account: '6222020200112233445',
  },
  M000002: {
    name: '李雷',
    idNumber: '110105198502022345',
    mobile: '13800138002',
    account: '6222020200998877665',
  },
  M000005: {
    name: '赵敏',
    idNumber: '110105199003033456',
    mobile: '13800138005',
    account: '6222020200555566667',
  },
  M000006: {
    name: '周杰',
    idNumber: '110105199104044567',
    mobile: '13800138006',
    account: '6222020200444433332',
  },
} as const;

const member = (memberId: string, unitCode: string, joinedOn: string, leftOn: string | null = null) => {
  const p = PERSONAL[memberId as keyof typeof PERSONAL] ?? {
    name: '钱七',
    idNumber: '110105199205055678',
    mobile: '13800138009',
    account: '',
  };
  return {
    pk: `MEMBER#${memberId}`,
    sk: 'MEMBER',
    type: 'member',
    memberId,
    name: p.name,
    idNumberHash: `hash-of-${p.idNumber}`,
    idNumberMasked: `${p.idNumber.slice(0, 6)}********${p.idNumber.slice(-4)}`,
    mobile: p.mobile,
    sex: 'female',
    unitCode,
    status: leftOn === null ? 'active' : 'left',
    joinedOn,
    leftOn,
    hardship: false,
    modelWorker: false,
  };
};

const budget = (
  unitCode: string,
  programId: string,
  year: number,
  allocatedFen: number,
  paidFen: number,
) => ({
  pk: `BUDGET#${unitCode}`,
  sk: `${programId}#${year}`,
  type: 'budget',
  unitCode,
  programId,
  year,
  allocatedFen,
  paidFen,
});

export const REGISTRY: Item[] = [
  unit('BJ', 'city', 'BJ', '北京市总工会'),
  unit('BJ-HD', 'district', 'BJ/BJ-HD', '海淀区总工会'),
  unit('BJ-HD-001', 'grassroots', 'BJ/BJ-HD/BJ-HD-001', '=HYPERLINK("x")工会'),
  unit('BJ-HD-002', 'grassroots', 'BJ/BJ-HD/BJ-HD-002', '中关村<b>工会</b>'),
  unit('BJ-CY', 'district', 'BJ/BJ-CY', '朝阳区总工会'),
  unit('BJ-CY-001', 'grassroots', 'BJ/BJ-CY/BJ-CY-001', '望京工会'),
  member('M000001', 'BJ-HD-001', '2020-01-01'),
  member('M000002', 'BJ-HD-001', '2020-01-01'),
  member('M000003', 'BJ-HD-001', '2027-01-01'), // joins after 2026: not registered in 2026
  member('M000004', 'BJ-HD-002', '2020-01-01', '2025-06-30'), // left before 2026
  member('M000005', 'BJ-HD-002', '2021-01-01'),
  member('M000006', 'BJ-CY-001', '2022-01-01'),
  budget('BJ-HD-001', 'skill-boost', 2026, 1_000_000, 800_000),
  budget('BJ-HD-002', 'skill-boost', 2026, 500_000, 100_000),
  budget('BJ-HD-001', 'skill-boost', 2025, 9_999_999, 9_999_999), // another year: ignored
];

const claim = (
  claimId: string,
  memberId: string,
  unitCode: string,
  program: string,
  submittedAt: string,
  status: string,
  extra: { decidedAfterMin?: number; decidedAt?: string; paid?: { fen: number; at: string } } = {},
) => {
  const decidedAt =
    extra.decidedAt ??
    (extra.decidedAfterMin === undefined
      ? undefined
      : new Date(Date.parse(submittedAt) + extra.decidedAfterMin * 60_000).toISOString());
  const p = PERSONAL[memberId as keyof typeof PERSONAL];
  return {
    pk: `CLAIM#${claimId}`,
    sk: 'META',
    type: 'claim',
    claimId,
    memberId,
    memberName: p?.name,
    unitCode,
    unitPath: `BJ/${unitCode.slice(0, 5)}/${unitCode}`,
    program,
    benefit: 'technician',
    incidentDate: submittedAt.slice(0, 10),
    facts: {},
    evidence: [{ kind: 'certificate', number: 'JS-2026-0042' }],
    payee: { name: p?.name, bankName: '中国工商银行', accountMasked: `6222****${p?.account.slice(-4)}` },
    status,
    version: 5,
    submittedAt,
    submittedBy: { kind: 'member', id: memberId },
    updatedAt: submittedAt,
    ...(decidedAt === undefined
      ? {}
      : {
          approval: {
            level: 1,
            decision: status === 'REJECTED' ? 'reject' : 'approve',
            approverId: 'A-1',
            reason: '',
            decidedAt,
          },
        }),
    ...(extra.paid === undefined
      ? {}
      : { payout: { payoutId: `P-${claimId}`, amountFen: extra.paid.fen, paidAt: extra.paid.at } }),
  };
};

const flag = (claimId: string, rule: string, state: string, raisedAt: string) => ({
  pk: `CLAIM#${claimId}`,
  sk: `FLAG#${rule}`,
  rule,
  score: 0.8,
  state,
  raisedAt,
});

const visit = (visitId: string, memberId: string, unitCode: string, program: string, visitedOn: string) => ({
  pk: `VISIT#${visitId}`,
  sk: 'VISIT',
  type: 'visit',
  visitId,
  program,
  service: 'counselling',
  memberId,
  unitCode,
  unitPath: `BJ/${unitCode.slice(0, 5)}/${unitCode}`,
  visitedOn,
  recordedAt: `${visitedOn}T02:00:00.000Z`,
  recordedBy: { kind: 'staff', id: 'S-1' },
  note: `${PERSONAL[memberId as keyof typeof PERSONAL]?.name ?? ''}来访`,
});

const rating = (token: string, memberId: string, program: string, value: number, answeredAt: string) => ({
  pk: `FEEDBACK#${token}`,
  sk: 'FEEDBACK',
  type: 'feedback',
  token,
  subject: { kind: 'claim', id: 'C1' },
  memberId,
  program,
  createdAt: answeredAt,
  expiresAt: answeredAt,
  rating: value,
  comment: `很好 ${PERSONAL[memberId as keyof typeof PERSONAL]?.mobile ?? ''}`,
  answeredAt,
});

/** In scan order: a claim's FLAG# items come before its META (F < M), as DynamoDB returns them. */
export const CLAIMS: Item[] = [
  flag('C1', 'velocity', 'CONFIRMED', '2026-03-01T03:00:00.000Z'),
  claim('C1', 'M000001', 'BJ-HD-001', 'skill-boost', '2026-03-01T02:00:00.000Z', 'PAID', {
    decidedAfterMin: 30,
    paid: { fen: 200_000, at: '2026-03-02T02:00:00.000Z' },
  }),
  { pk: 'CLAIM#C1', sk: 'EVT#000001', type: 'event', claimId: 'C1', seq: 1 },
  flag('C2', 'amount', 'OPEN', '2025-01-01T00:00:00.000Z'), // raised in 2025: not counted
  claim('C2', 'M000001', 'BJ-HD-001', 'skill-boost', '2026-04-01T00:00:00.000Z', 'PAID', {
    decidedAfterMin: 90,
    paid: { fen: 300_000, at: '2026-04-02T00:00:00.000Z' },
  }),
  { pk: 'CLAIM#C2', sk: 'PAYOUT', type: 'payout', claimId: 'C2', amountFen: 300_000 },
  flag('C3', 'amount', 'OPEN', '2026-05-01T00:00:00.000Z'),
  claim('C3', 'M000002', 'BJ-HD-001', 'skill-boost', '2026-05-01T00:00:00.000Z', 'REJECTED', {
    decidedAfterMin: 10,
  }),
  claim('C4', 'M000005', 'BJ-HD-002', 'legal-aid', '2026-06-01T00:00:00.000Z', 'AWAITING_APPROVAL'),
  // 2025-12-31 17:00 UTC is 2026-01-01 01:00 in Beijing: a 2026 claim.
  claim('C5', 'M000005', 'BJ-HD-002', 'skill-boost', '2025-12-31T17:00:00.000Z', 'FAILED'),
  // 2025-12-31 23:00 in Beijing: submitted and decided in 2025, paid in 2026.
  claim('C6', 'M000006', 'BJ-CY-001', 'skill-boost', '2025-12-31T15:00:00.000Z', 'PAID', {
    decidedAt: '2025-12-31T15:20:00.000Z',
    paid: { fen: 100_000, at: '2026-01-05T02:00:00.000Z' },
  }),
  visit('V1', 'M000002', 'BJ-HD-001', 'culture-sports', '2026-02-01'),
  visit('V2', 'M000002', 'BJ-HD-001', 'culture-sports', '2026-02-03'),
  visit('V3', 'M000006', 'BJ-CY-001', 'health-promotion', '2026-07-01'),
  visit('V4', 'M000005', 'BJ-HD-002', 'culture-sports', '2025-12-31'), // 2025: not counted
  rating('T1', 'M000001', 'skill-boost', 5, '2026-03-03T00:00:00.000Z'),
  rating('T2', 'M000002', 'culture-sports', 3, '2026-02-02T00:00:00.000Z'),
  rating('T3', 'M000001', 'skill-boost', 4, '2026-04-03T00:00:00.000Z'),
  rating('T4', 'M000005', 'skill-boost', 2, '2025-12-01T00:00:00.000Z'), // 2025: not counted
  { pk: 'FEEDBACK#T5', sk: 'FEEDBACK', type: 'feedback', memberId: 'M000005', program: 'skill-boost' }, // unanswered
];
