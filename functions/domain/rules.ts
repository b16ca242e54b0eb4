import { type AmountRule, isMoneyBenefit } from '../schemas/program-amounts.ts';
import type { BenefitRequirement } from '../schemas/program-fields.ts';
import type { BenefitDef, CampaignWindow, ProgramVersion } from '../schemas/programs.ts';
import type { RuleResult, RulesConsumption, RulesOutcome } from './claim.ts';
import { sameName } from './membership.ts';
import { type Fen, formatFen } from './money.ts';
import type { Member } from './registry.ts';

/**
 * What this member already has paid or committed in the calendar year of the incident (the caller
 * sums earlier claims that were paid or are on their way to payment).
 */
export interface UsageSnapshot {
  /** Fen of this program. */
  readonly programFen: Fen;
  /** Fen of this benefit. */
  readonly benefitFen: Fen;
  /** Days of this benefit's daily allowance. */
  readonly benefitDays: number;
  /** Documented costs of this benefit, which meet a deductible per year. */
  readonly benefitCostsFen: Fen;
  /** Claims of this benefit. */
  readonly benefitClaims: number;
}

export const NO_USAGE: UsageSnapshot = {
  programFen: 0,
  benefitFen: 0,
  benefitDays: 0,
  benefitCostsFen: 0,
  benefitClaims: 0,
};

export interface RulesInput {
  /** The version in force on the incident date (the caller looks it up with `versionInForce`). */
  readonly version: ProgramVersion | null;
  readonly claim: {
    readonly program: string;
    readonly benefit: string;
    readonly incidentDate: string;
    /** The day the claim was submitted (ISO date, Beijing). */
    readonly submittedOn: string;
    readonly facts: Readonly<Record<string, unknown>>;
    readonly evidence: readonly { readonly kind: string; readonly number: string }[];
  };
  readonly member: Pick<Member, 'joinedOn' | 'hardship' | 'modelWorker' | 'sex'>;
  readonly usage: UsageSnapshot;
  /** Evidence of this claim already used by another claim (certificate/invoice numbers cannot pay twice). */
  readonly evidenceInUse: readonly {
    readonly kind: string;
    readonly number: string;
    readonly claimId: string;
  }[];
}

/**
 * Real-name payee (实名支付): the money goes to the member, under the name the real-name registry holds,
 * unless the benefit may be paid to a beneficiary (a death benefit goes to the family) and the claim's
 * evidence includes the document that names the payee's relation to the member.
 */
export function payeeRule(input: {
  readonly payeeName: string;
  readonly memberName: string;
  readonly benefit: Pick<BenefitDef, 'beneficiaryAllowed' | 'relationEvidence'> | null;
  readonly evidence: readonly { readonly kind: string }[];
}): RuleResult {
  const { payeeName, memberName, benefit } = input;
  if (sameName(payeeName, memberName)) {
    return result('real-name-payee', true, '收款人为会员本人', 'The payee is the member');
  }
  const relation = benefit?.beneficiaryAllowed === true ? benefit.relationEvidence : undefined;
  if (relation !== undefined && input.evidence.some((e) => e.kind === relation)) {
    return result(
      'real-name-payee',
      true,
      `收款人「${payeeName}」为受益人，已提供亲属关系证明（${relation}）`,
      `The payee is a beneficiary; the evidence names the relation (${relation})`,
    );
  }
  return relation !== undefined
    ? result(
        'real-name-payee',
        false,
        `收款人「${payeeName}」不是会员本人，且未提供亲属关系证明（${relation}）`,
        `The payee is not the member, and no evidence names the relation (${relation} is required)`,
      )
    : result(
        'real-name-payee',
        false,
        `收款人「${payeeName}」与会员实名登记姓名不一致：本项目只向会员本人支付`,
        "The payee's name does not match the member's registered name: this benefit is paid to the member only",
      );
}

/** `evaluateRules` always says what the claim consumes. */
export interface EvaluatedRules extends RulesOutcome {
  readonly consumes: RulesConsumption;
}

/**
 * The key under which a document counts as used: its kind and its number, trimmed and upper-cased, so
 * `inv-001` and ` INV-001` are the same invoice. Callers that store used evidence should key it the same way.
 */
export function evidenceKey(evidence: { readonly kind: string; readonly number: string }): string {
  return `${evidence.kind}#${evidence.number.trim().toUpperCase()}`;
}

/**
 * The documents of a claim that carry its payment: those of a kind the benefit asks for. Only these are
 * checked against (and should be held against) other claims; other documents listed merely support it.
 */
export function payingEvidence<E extends { readonly kind: string }>(
  benefit: Pick<BenefitDef, 'evidenceKinds'>,
  evidence: readonly E[],
): E[] {
  return evidence.filter((e) => benefit.evidenceKinds.includes(e.kind));
}

function result(code: string, passed: boolean, zh: string, en: string): RuleResult {
  return { code, passed, zh, en };
}

const DAY_MS = 86_400_000;

/** Whole days from one ISO date to another; NaN if either is not a date. */
function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

function yuan(fen: Fen): string {
  return formatFen(fen);
}

/** `5000` → `50%`, `8050` → `80.5%` (text only; the arithmetic stays in basis points). */
function percent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

/** floor(fen × bp / 10000) without leaving the safe integers for any safe `fen` and bp ≤ 10000. */
export function applyRatio(fen: Fen, bp: number): Fen {
  const whole = Math.floor(fen / 10_000);
  const rest = fen % 10_000;
  return whole * bp + Math.floor((rest * bp) / 10_000);
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export interface AmountComputation {
  /** What the amount rule pays, before the annual caps. */
  readonly fen: Fen;
  /** Days paid (daily allowance only). */
  readonly days: number;
  /** Documented costs (ratio rules only). */
  readonly costsFen: Fen;
  /** The rule results that explain the arithmetic. */
  readonly results: readonly RuleResult[];
}

function single(fen: Fen, r: RuleResult): AmountComputation {
  return { fen, days: 0, costsFen: 0, results: [r] };
}

/** The amount a benefit pays for these facts (and this year's usage), with the results that explain it. */
export function amountFor(
  rule: AmountRule,
  facts: Readonly<Record<string, unknown>>,
  usage: UsageSnapshot = NO_USAGE,
): AmountComputation {
  switch (rule.kind) {
    case 'fixed':
      return single(
        rule.fen,
        result('amount-fixed', true, `定额 ${yuan(rule.fen)} 元`, `Fixed amount CNY ${yuan(rule.fen)}`),
      );
    case 'byRank': {
      const rank = facts.rank;
      const band = positiveInteger(rank) ? rule.bands.find((b) => rank <= b.maxRank) : undefined;
      if (band === undefined) {
        const last = rule.bands.at(-1)?.maxRank ?? 0;
        return single(
          0,
          result(
            'competition-rank',
            false,
            `竞赛名次 ${String(rank)} 不在前 ${last} 名内`,
            `Competition rank ${String(rank)} is not within the top ${last}`,
          ),
        );
      }
      return single(
        band.fen,
        result(
          'competition-rank',
          true,
          `竞赛第 ${String(rank)} 名，补贴 ${yuan(band.fen)} 元`,
          `Competition rank ${String(rank)} pays CNY ${yuan(band.fen)}`,
        ),
      );
    }
    case 'byDisabilityLevel': {
      const level = facts.disabilityLevel;
      if (!positiveInteger(level) || level > rule.levels) {
        return single(
          0,
          result(
            'disability-level',
            false,
            `伤残等级须为 1 至 ${rule.levels} 级`,
            `Disability level must be 1 to ${rule.levels}`,
          ),
        );
      }
      const share = rule.levels + 1 - level;
      const fen = Math.floor((rule.baseFen * share) / rule.levels);
      return single(
        fen,
        result(
          'disability-level',
          true,
          `伤残 ${level} 级，按 ${yuan(rule.baseFen)} 元 × ${share}/${rule.levels} 给付 ${yuan(fen)} 元`,
          `Disability level ${level} pays CNY ${yuan(rule.baseFen)} × ${share}/${rule.levels} = CNY ${yuan(fen)}`,
        ),
      );
    }
    case 'lossUpToCap': {
      const loss = facts.lossFen;
      if (!positiveInteger(loss)) {
        return single(
          0,
          result('documented-loss', false, '未提供有效的损失金额', 'No valid documented loss'),
        );
      }
      const fen = Math.min(loss, rule.capFen);
      return single(
        fen,
        result(
          'documented-loss',
          true,
          loss > rule.capFen
            ? `损失 ${yuan(loss)} 元，按上限给付 ${yuan(fen)} 元`
            : `按实际损失给付 ${yuan(fen)} 元（上限 ${yuan(rule.capFen)} 元）`,
          loss > rule.capFen
            ? `Loss CNY ${yuan(loss)} is capped at CNY ${yuan(fen)}`
            : `Pays the documented loss, CNY ${yuan(fen)} (cap CNY ${yuan(rule.capFen)})`,
        ),
      );
    }
    case 'ratioAboveDeductible':
      return ratioAboveDeductible(rule, facts, usage);
    case 'dailyAllowance':
      return dailyAllowance(rule, facts, usage);
    case 'service':
      return single(
        0,
        result(
          'benefit-offered',
          false,
          '服务项目不经申请给付：请登记为实名服务记录',
          'A service pays no money: record it as a real-name service visit',
        ),
      );
  }
}

function ratioAboveDeductible(
  rule: Extract<AmountRule, { kind: 'ratioAboveDeductible' }>,
  facts: Readonly<Record<string, unknown>>,
  usage: UsageSnapshot,
): AmountComputation {
  const costs = facts.costsFen;
  if (!positiveInteger(costs)) {
    return single(0, result('documented-costs', false, '未提供有效的费用金额', 'No valid documented costs'));
  }
  const recordedCosts = rule.deductiblePer === 'year' ? costs : 0;
  const metBefore =
    rule.deductiblePer === 'year' ? Math.min(rule.deductibleFen, Math.max(0, usage.benefitCostsFen)) : 0;
  const deductibleLeft = rule.deductibleFen - metBefore;
  const above = costs - deductibleLeft;
  const deductibleText =
    rule.deductibleFen === 0
      ? { zh: '无起付线', en: 'no deductible' }
      : rule.deductiblePer === 'claim'
        ? {
            zh: `每次起付线 ${yuan(rule.deductibleFen)} 元`,
            en: `a deductible of CNY ${yuan(rule.deductibleFen)} per claim`,
          }
        : {
            zh: `本年起付线 ${yuan(rule.deductibleFen)} 元，此前费用已抵 ${yuan(metBefore)} 元，尚余 ${yuan(deductibleLeft)} 元`,
            en: `a yearly deductible of CNY ${yuan(rule.deductibleFen)}, CNY ${yuan(metBefore)} met by earlier costs, CNY ${yuan(deductibleLeft)} left`,
          };
  if (above <= 0) {
    return {
      fen: 0,
      days: 0,
      costsFen: recordedCosts,
      results: [
        result(
          'deductible',
          false,
          `费用 ${yuan(costs)} 元未超过起付线（${deductibleText.zh}）`,
          `Costs of CNY ${yuan(costs)} do not exceed the deductible (${deductibleText.en})`,
        ),
      ],
    };
  }
  const deductible = result(
    'deductible',
    true,
    `费用 ${yuan(costs)} 元，${deductibleText.zh}，超出部分 ${yuan(above)} 元`,
    `Costs of CNY ${yuan(costs)}, ${deductibleText.en}: CNY ${yuan(above)} above it`,
  );
  const byRatio = applyRatio(above, rule.ratioBp);
  const capped = rule.capFen !== null && byRatio > rule.capFen;
  const fen = rule.capFen !== null ? Math.min(byRatio, rule.capFen) : byRatio;
  const arithmeticZh = `${yuan(above)} 元 × ${percent(rule.ratioBp)} = ${yuan(byRatio)} 元`;
  const arithmeticEn = `CNY ${yuan(above)} × ${percent(rule.ratioBp)} = CNY ${yuan(byRatio)}`;
  const ratio =
    fen <= 0
      ? result(
          'reimbursement-ratio',
          false,
          `${arithmeticZh}，不足 1 分，不予给付`,
          `${arithmeticEn}, less than one fen: nothing to pay`,
        )
      : capped
        ? result(
            'reimbursement-ratio',
            true,
            `${arithmeticZh}，按每次上限给付 ${yuan(fen)} 元`,
            `${arithmeticEn}, capped at CNY ${yuan(fen)} per claim`,
          )
        : result(
            'reimbursement-ratio',
            true,
            `${arithmeticZh}（向下取整到分）`,
            `${arithmeticEn} (rounded down to the fen)`,
          );
  return { fen: Math.max(0, fen), days: 0, costsFen: recordedCosts, results: [deductible, ratio] };
}

function dailyAllowance(
  rule: Extract<AmountRule, { kind: 'dailyAllowance' }>,
  facts: Readonly<Record<string, unknown>>,
  usage: UsageSnapshot,
): AmountComputation {
  const days = facts.days;
  if (!positiveInteger(days) || days > 366) {
    return single(0, result('daily-allowance', false, '住院天数须为 1 至 366 天', 'Days must be 1 to 366'));
  }
  const used = Math.max(0, usage.benefitDays);
  const left = Math.max(0, rule.maxDaysPerYear - used);
  if (left === 0) {
    return single(
      0,
      result(
        'daily-allowance',
        false,
        `本年已给付 ${used} 天，已达每年 ${rule.maxDaysPerYear} 天上限`,
        `${used} days already paid this year: the limit of ${rule.maxDaysPerYear} days a year is reached`,
      ),
    );
  }
  const paidDays = Math.min(days, left);
  const fen = paidDays * rule.perDayFen;
  const arithmeticZh = `${paidDays} 天 × ${yuan(rule.perDayFen)} 元 = ${yuan(fen)} 元`;
  const arithmeticEn = `${paidDays} days × CNY ${yuan(rule.perDayFen)} = CNY ${yuan(fen)}`;
  return {
    fen,
    days: paidDays,
    costsFen: 0,
    results: [
      paidDays < days
        ? result(
            'daily-allowance',
            true,
            `申报 ${days} 天，本年已给付 ${used} 天，每年上限 ${rule.maxDaysPerYear} 天，本次按 ${arithmeticZh}`,
            `${days} days claimed, ${used} already paid this year, limit ${rule.maxDaysPerYear} a year: ${arithmeticEn}`,
          )
        : result(
            'daily-allowance',
            true,
            `${arithmeticZh}（本年已给付 ${used} 天，上限 ${rule.maxDaysPerYear} 天）`,
            `${arithmeticEn} (${used} of ${rule.maxDaysPerYear} days a year used before)`,
          ),
    ],
  };
}

const REQUIREMENT_TEXT: Readonly<Record<Exclude<BenefitRequirement, 'none'>, { zh: string; en: string }>> = {
  hardship: { zh: '登记在册的困难职工', en: 'a registered hardship member' },
  modelWorker: { zh: '劳动模范', en: 'a model worker' },
  hardshipOrModelWorker: { zh: '困难职工或劳动模范', en: 'a hardship member or a model worker' },
  female: { zh: '女职工', en: 'a female member' },
};

function meets(requirement: BenefitRequirement, member: RulesInput['member']): boolean {
  switch (requirement) {
    case 'none':
      return true;
    case 'hardship':
      return member.hardship;
    case 'modelWorker':
      return member.modelWorker;
    case 'hardshipOrModelWorker':
      return member.hardship || member.modelWorker;
    case 'female':
      return member.sex === 'female';
  }
}

function eligibility(version: ProgramVersion, benefit: BenefitDef, member: RulesInput['member']): RuleResult {
  const required = [version.requires, benefit.requires ?? 'none'].filter(
    (r): r is Exclude<BenefitRequirement, 'none'> => r !== 'none',
  );
  if (required.length === 0) {
    return result('eligibility', true, '本待遇面向全体会员', 'Open to all members');
  }
  const unmet = required.filter((r) => !meets(r, member));
  const texts = (list: readonly Exclude<BenefitRequirement, 'none'>[]) => ({
    zh: list.map((r) => REQUIREMENT_TEXT[r].zh).join('、'),
    en: list.map((r) => REQUIREMENT_TEXT[r].en).join(' and '),
  });
  if (unmet.length > 0) {
    const t = texts(unmet);
    return result('eligibility', false, `本待遇仅限${t.zh}`, `Only for ${t.en}`);
  }
  const t = texts(required);
  return result('eligibility', true, `符合条件：${t.zh}`, `Eligible as ${t.en}`);
}

/** Is the day (`MM-DD`) inside the window? A window whose `from` is after its `to` wraps the year end. */
export function inWindow(window: CampaignWindow, monthDay: string): boolean {
  return window.from <= window.to
    ? monthDay >= window.from && monthDay <= window.to
    : monthDay >= window.from || monthDay <= window.to;
}

function annualCap(
  code: 'benefit-annual-cap' | 'program-annual-cap',
  name: { zh: string; en: string },
  capFen: Fen,
  usedFen: Fen,
  amountFen: Fen,
): { fen: Fen; result: RuleResult } {
  const used = Math.max(0, usedFen);
  const left = Math.max(0, capFen - used);
  if (left === 0) {
    return {
      fen: 0,
      result: result(
        code,
        false,
        `${name.zh}本年已给付 ${yuan(used)} 元，已达年度上限 ${yuan(capFen)} 元`,
        `${name.en}: CNY ${yuan(used)} already paid this year, the annual cap of CNY ${yuan(capFen)} is reached`,
      ),
    };
  }
  if (amountFen > left) {
    return {
      fen: left,
      result: result(
        code,
        true,
        `${name.zh}年度上限 ${yuan(capFen)} 元，本年已给付 ${yuan(used)} 元，本次由 ${yuan(amountFen)} 元调减为 ${yuan(left)} 元`,
        `${name.en}: annual cap CNY ${yuan(capFen)}, CNY ${yuan(used)} already paid this year, so CNY ${yuan(amountFen)} is capped at CNY ${yuan(left)}`,
      ),
    };
  }
  return {
    fen: amountFen,
    result: result(
      code,
      true,
      `${name.zh}年度上限 ${yuan(capFen)} 元，本年已给付 ${yuan(used)} 元，本次 ${yuan(amountFen)} 元在上限内`,
      `${name.en}: annual cap CNY ${yuan(capFen)}, CNY ${yuan(used)} already paid this year, CNY ${yuan(amountFen)} is within it`,
    ),
  };
}

function yearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return Number.isSafeInteger(year) ? year : 0;
}

function rejected(programVersion: string, year: number, results: readonly RuleResult[]): EvaluatedRules {
  return {
    passed: false,
    amountFen: 0,
    programVersion,
    results,
    consumes: { year, fen: 0, days: 0, costsFen: 0 },
  };
}

/**
 * Judges a claim by the program version in force on its incident date. Pure: every rule that
 * applies is listed, passed or failed, and the claim passes only if all passed and the amount is
 * above zero. `consumes` is what the claim takes from the member's usage of the incident's year if
 * it is paid; its `costsFen` (documented costs toward a yearly deductible) is also set when the only
 * rule that failed is the deductible, since such costs still count toward meeting it.
 */
export function evaluateRules(input: RulesInput): EvaluatedRules {
  const { version, claim, member, usage } = input;
  const year = yearOf(claim.incidentDate);

  if (version === null) {
    return rejected('none', year, [
      result(
        'program-in-force',
        false,
        `事故发生日 ${claim.incidentDate} 无有效的「${claim.program}」项目`,
        `No version of program ${claim.program} was in force on ${claim.incidentDate}`,
      ),
    ]);
  }
  if (version.programId !== claim.program || version.effectiveFrom > claim.incidentDate) {
    return rejected(version.version, year, [
      result(
        'program-in-force',
        false,
        `${version.programId} ${version.version} 版不是 ${claim.incidentDate} 有效的「${claim.program}」项目`,
        `Version ${version.version} of ${version.programId} is not the version of ${claim.program} in force on ${claim.incidentDate}`,
      ),
    ]);
  }
  if (version.retired) {
    return rejected(version.version, year, [
      result(
        'program-in-force',
        false,
        `${version.zh}项目自 ${version.effectiveFrom} 起已退出，事故发生日 ${claim.incidentDate}`,
        `${version.en} was retired on ${version.effectiveFrom}; the incident was on ${claim.incidentDate}`,
      ),
    ]);
  }
  const results: RuleResult[] = [
    result(
      'program-in-force',
      true,
      `适用${version.zh}项目 ${version.version} 版（${version.effectiveFrom} 起施行）`,
      `${version.en} version ${version.version} (in force from ${version.effectiveFrom}) applies`,
    ),
  ];

  const benefit = version.benefits.find((b) => b.id === claim.benefit);
  if (benefit === undefined) {
    results.push(
      result(
        'benefit-offered',
        false,
        `${version.zh}项目无「${claim.benefit}」待遇`,
        `${version.en} has no benefit ${claim.benefit}`,
      ),
    );
    return rejected(version.version, year, results);
  }
  if (!isMoneyBenefit(benefit)) {
    results.push(
      result(
        'benefit-offered',
        false,
        `「${benefit.zh}」是服务项目，不经申请给付：请登记为实名服务记录`,
        `${benefit.en} is a service, not money: record it as a real-name service visit`,
      ),
    );
    return rejected(version.version, year, results);
  }
  results.push(
    result(
      'benefit-offered',
      true,
      `${version.zh}项目提供「${benefit.zh}」待遇`,
      `${version.en} offers ${benefit.en}`,
    ),
  );

  const age = daysBetween(claim.incidentDate, claim.submittedOn);
  results.push(
    Number.isFinite(age) && age >= 0
      ? result(
          'incident-not-future',
          true,
          '事故日期不晚于申请日期',
          'The incident date is not after the claim date',
        )
      : result(
          'incident-not-future',
          false,
          '事故日期晚于申请日期',
          'The incident date is after the claim date',
        ),
  );
  results.push(
    age <= version.claimDeadlineDays
      ? result(
          'claim-deadline',
          true,
          `在事故后 ${version.claimDeadlineDays} 天内申请`,
          `Claimed within ${version.claimDeadlineDays} days of the incident`,
        )
      : result(
          'claim-deadline',
          false,
          `超过申请期限：事故后 ${age} 天，期限 ${version.claimDeadlineDays} 天`,
          `Claimed ${age} days after the incident; the deadline is ${version.claimDeadlineDays} days`,
        ),
  );

  const memberDays = daysBetween(member.joinedOn, claim.incidentDate);
  const waiting = version.waitingPeriodDays;
  results.push(
    Number.isFinite(memberDays) && memberDays >= waiting
      ? result(
          'waiting-period',
          true,
          waiting === 0
            ? `事故发生在入会（${member.joinedOn}）之后`
            : `事故发生在入会（${member.joinedOn}）第 ${memberDays} 天，已过 ${waiting} 天等待期`,
          waiting === 0
            ? `The incident happened after joining (${member.joinedOn})`
            : `The incident was ${memberDays} days after joining (${member.joinedOn}); the waiting period of ${waiting} days is over`,
        )
      : result(
          'waiting-period',
          false,
          `事故发生在入会（${member.joinedOn}）第 ${memberDays} 天，未过 ${waiting} 天等待期`,
          `The incident was ${memberDays} days after joining (${member.joinedOn}), within the waiting period of ${waiting} days`,
        ),
  );

  results.push(eligibility(version, benefit, member));

  if (benefit.window != null) {
    const { from, to } = benefit.window;
    const inside = inWindow(benefit.window, claim.submittedOn.slice(5, 10));
    results.push(
      inside
        ? result(
            'campaign-window',
            true,
            `申请日 ${claim.submittedOn} 在活动期（${from} 至 ${to}）内`,
            `Claimed on ${claim.submittedOn}, inside the campaign window ${from} to ${to}`,
          )
        : result(
            'campaign-window',
            false,
            `申请日 ${claim.submittedOn} 不在活动期（${from} 至 ${to}）内`,
            `Claimed on ${claim.submittedOn}, outside the campaign window ${from} to ${to}`,
          ),
    );
  }

  if (benefit.maxClaimsPerYear != null) {
    const max = benefit.maxClaimsPerYear;
    const used = Math.max(0, usage.benefitClaims);
    results.push(
      used < max
        ? result(
            'max-claims-per-year',
            true,
            `${year} 年已申领 ${used} 次，每年限 ${max} 次`,
            `${used} of ${max} claims a year used in ${year}`,
          )
        : result(
            'max-claims-per-year',
            false,
            `${year} 年已申领 ${used} 次，已达每年 ${max} 次上限`,
            `${used} claims already in ${year}: the limit is ${max} a year`,
          ),
    );
  }

  const paying = payingEvidence(benefit, claim.evidence);
  results.push(
    paying.length > 0
      ? result('evidence-provided', true, '已提供所需证明材料', 'The required evidence is listed')
      : result(
          'evidence-provided',
          false,
          `缺少证明材料：需要 ${benefit.evidenceKinds.join(' 或 ')}`,
          `Missing evidence: one of ${benefit.evidenceKinds.join(', ')} is required`,
        ),
  );

  const inUse = new Map<string, string>();
  for (const used of input.evidenceInUse) inUse.set(evidenceKey(used), used.claimId);
  const conflicts = paying.flatMap((e) => {
    const other = inUse.get(evidenceKey(e));
    return other === undefined ? [] : [{ ...e, claimId: other }];
  });
  results.push(
    conflicts.length === 0
      ? result(
          'evidence-unused',
          true,
          '所列证明材料未被其他申请使用',
          'No listed evidence was used by another claim',
        )
      : result(
          'evidence-unused',
          false,
          conflicts.map((c) => `证明材料 ${c.kind} ${c.number} 已用于申请 ${c.claimId}`).join('；'),
          conflicts
            .map((c) => `Evidence ${c.kind} ${c.number} was already used by claim ${c.claimId}`)
            .join('; '),
        ),
  );

  const amount = amountFor(benefit.amount, claim.facts, usage);
  results.push(...amount.results);
  let fen = amount.fen;

  if (fen > 0 && benefit.annualCapFen != null) {
    const capped = annualCap(
      'benefit-annual-cap',
      { zh: `「${benefit.zh}」`, en: benefit.en },
      benefit.annualCapFen,
      usage.benefitFen,
      fen,
    );
    fen = capped.fen;
    results.push(capped.result);
  }
  if (fen > 0 && version.annualCapFen !== null) {
    const capped = annualCap(
      'program-annual-cap',
      { zh: `${version.zh}项目`, en: version.en },
      version.annualCapFen,
      usage.programFen,
      fen,
    );
    fen = capped.fen;
    results.push(capped.result);
  }

  const passed = results.every((r) => r.passed) && fen > 0;
  const costsCount = results.every((r) => r.passed || r.code === 'deductible');
  return {
    passed,
    amountFen: passed ? fen : 0,
    programVersion: version.version,
    results,
    consumes: {
      year,
      fen: passed ? fen : 0,
      days: passed ? amount.days : 0,
      costsFen: costsCount ? amount.costsFen : 0,
    },
  };
}
