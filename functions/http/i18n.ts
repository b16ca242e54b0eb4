/** The languages of the approver's pages: Chinese by default, English on request. */
export type Lang = 'zh' | 'en';

export const LANGS: readonly Lang[] = ['zh', 'en'];

export interface LanguageRange {
  readonly tag: string;
  readonly q: number;
}

/** `Accept-Language` as ranges with their q-values, best first (ties keep the header's order). */
export function parseAcceptLanguage(header: string | undefined): LanguageRange[] {
  if (header === undefined) return [];
  const ranges: (LanguageRange & { index: number })[] = [];
  for (const [index, part] of header.split(',').entries()) {
    const [rawTag = '', ...params] = part.split(';').map((p) => p.trim());
    const tag = rawTag.toLowerCase();
    if (!/^([a-z]{1,8}(-[a-z0-9]{1,8})*|\*)$/.test(tag)) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([01](\.\d{0,3})?)$/i.exec(param);
      if (match?.[1] !== undefined) q = Math.min(1, Number(match[1]));
    }
    if (q > 0) ranges.push({ tag, q, index });
  }
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ tag, q }) => ({ tag, q }));
}

/** The page language: `?lang=` wins, then the best supported `Accept-Language` range, else Chinese. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'zh') return query;
  for (const { tag } of parseAcceptLanguage(acceptLanguage)) {
    const primary = tag.split('-')[0];
    if (primary === 'en' || primary === 'zh') return primary;
  }
  return 'zh';
}

const zh = {
  htmlLang: 'zh-CN',
  switchLabel: 'English',
  titleApprove: '审批申请',
  claim: '申请号',
  benefit: '项目',
  amount: '金额',
  member: '会员',
  evidence: '材料',
  level: '审批级别',
  levelOf: (level: number, of: number) => `第 ${level} 级，共 ${of} 级`,
  ruleCheck: '规则审核',
  earlier: '此前各级审批',
  approved: '批准',
  rejected: '驳回',
  reasonLabel: '意见（驳回必填）',
  approve: '批准',
  reject: '驳回',
  expires: (at: string) => `链接有效期至 ${at}`,
  chooseDecision: '请选择批准或驳回',
  needReason: '驳回须填写理由',
  recorded: '已记录您的决定',
  alreadyDecided: '此申请已审批，未做更改',
  expired: '此链接已过期',
  closed: '此申请已不在审批中',
  notEligible: '您不能审批此申请（申请人、提交人、收款人或已审批其他层级者须回避），未做更改',
  decidedOn: (approved: boolean, on: string) => `已处理：此申请已于 ${on} ${approved ? '批准' : '驳回'}`,
  notFoundTitle: '链接无效',
  notFoundText: '请核对短信或邮件中的链接。',
  forbiddenTitle: '请求无法验证',
  forbiddenText: '请从短信或邮件中的链接重新打开本页后再提交。',
  approver: '审批人',
} as const;

export type Messages = {
  readonly [K in keyof typeof zh]: (typeof zh)[K] extends string ? string : (typeof zh)[K];
};

const en: Messages = {
  htmlLang: 'en',
  switchLabel: '中文',
  titleApprove: 'Approve a claim',
  claim: 'Claim',
  benefit: 'Benefit',
  amount: 'Amount',
  member: 'Member',
  evidence: 'Evidence',
  level: 'Level',
  levelOf: (level, of) => `level ${level} of ${of}`,
  ruleCheck: 'Rule check',
  earlier: 'Earlier levels',
  approved: 'Approved',
  rejected: 'Rejected',
  reasonLabel: 'Reason (required to reject)',
  approve: 'Approve',
  reject: 'Reject',
  expires: (at) => `This link expires ${at}`,
  chooseDecision: 'Choose approve or reject',
  needReason: 'A rejection needs a reason',
  recorded: 'Your decision is recorded',
  alreadyDecided: 'This claim was already decided; nothing was changed',
  expired: 'This link has expired',
  closed: 'This claim is no longer awaiting approval',
  notEligible:
    'You may not decide this claim (its claimant, submitter, payee or someone who decided another level); nothing was changed',
  decidedOn: (approved, on) =>
    `This request has been decided: ${approved ? 'approved' : 'rejected'} on ${on}`,
  notFoundTitle: 'This link is not valid',
  notFoundText: 'Check the link in your message.',
  forbiddenTitle: 'This request could not be verified',
  forbiddenText: 'Open the page again from the link in your message, then submit.',
  approver: 'Approver',
};

/** One message catalog for both languages. */
export const MESSAGES: Readonly<Record<Lang, Messages>> = { zh, en };
