import type { RuleResult, RulesOutcome } from './claim.ts';
import type { Fen } from './money.ts';
import { type AmountRule, type ProgramVersion, programInForce } from './programs/catalog.ts';

export interface RulesInput {
  readonly program: string;
  readonly benefit: string;
  readonly incidentDate: string;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly evidence: readonly { readonly kind: string; readonly number: string }[];
  /** The day the claim was submitted (ISO date). */
  readonly submittedOn: string;
}

function result(code: string, passed: boolean, zh: string, en: string): RuleResult {
  return { code, passed, zh, en };
}

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

function yuan(fen: Fen): string {
  return (fen / 100).toFixed(2);
}

/** The amount a benefit pays for these facts, with the rule result that explains it. */
export function amountFor(
  rule: AmountRule,
  facts: Readonly<Record<string, unknown>>,
): { fen: Fen; result: RuleResult } {
  switch (rule.kind) {
    case 'fixed':
      return {
        fen: rule.fen,
        result: result(
          'amount-fixed',
          true,
          `定额 ${yuan(rule.fen)} 元`,
          `Fixed amount CNY ${yuan(rule.fen)}`,
        ),
      };
    case 'byRank': {
      const rank = facts.rank;
      const band =
        typeof rank === 'number' ? rule.bands.find((b) => rank >= 1 && rank <= b.maxRank) : undefined;
      if (band === undefined) {
        const last = rule.bands.at(-1)?.maxRank ?? 0;
        return {
          fen: 0,
          result: result(
            'competition-rank',
            false,
            `竞赛名次 ${String(rank)} 不在前 ${last} 名内`,
            `Competition rank ${String(rank)} is not within the top ${last}`,
          ),
        };
      }
      return {
        fen: band.fen,
        result: result(
          'competition-rank',
          true,
          `竞赛第 ${String(rank)} 名，补贴 ${yuan(band.fen)} 元`,
          `Competition rank ${String(rank)} pays CNY ${yuan(band.fen)}`,
        ),
      };
    }
    case 'byDisabilityLevel': {
      const level = facts.disabilityLevel;
      if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > rule.levels) {
        return {
          fen: 0,
          result: result(
            'disability-level',
            false,
            `伤残等级须为 1 至 ${rule.levels} 级`,
            `Disability level must be 1 to ${rule.levels}`,
          ),
        };
      }
      const fen = Math.floor((rule.baseFen * (rule.levels + 1 - level)) / rule.levels);
      return {
        fen,
        result: result(
          'disability-level',
          true,
          `伤残 ${level} 级，按 ${rule.levels + 1 - level}/${rule.levels} 给付 ${yuan(fen)} 元`,
          `Disability level ${level} pays ${rule.levels + 1 - level}/${rule.levels}: CNY ${yuan(fen)}`,
        ),
      };
    }
    case 'lossUpToCap': {
      const loss = facts.lossFen;
      if (typeof loss !== 'number' || !Number.isSafeInteger(loss) || loss <= 0) {
        return {
          fen: 0,
          result: result('documented-loss', false, '未提供有效的损失金额', 'No valid documented loss'),
        };
      }
      const fen = Math.min(loss, rule.capFen);
      return {
        fen,
        result: result(
          'documented-loss',
          true,
          loss > rule.capFen
            ? `损失 ${yuan(loss)} 元，按上限给付 ${yuan(fen)} 元`
            : `按实际损失给付 ${yuan(fen)} 元`,
          loss > rule.capFen
            ? `Loss CNY ${yuan(loss)} is capped at CNY ${yuan(fen)}`
            : `Pays the documented loss, CNY ${yuan(fen)}`,
        ),
      };
    }
  }
}

/**
 * Judges a claim by the program version in force on its incident date. Pure: every rule that
 * passed or failed is listed, and the claim passes only if all did and the amount is above zero.
 */
export function evaluateRules(input: RulesInput, catalog?: readonly ProgramVersion[]): RulesOutcome {
  const version = programInForce(input.program, input.incidentDate, catalog);
  if (version === null) {
    return {
      passed: false,
      amountFen: 0,
      programVersion: 'none',
      results: [
        result(
          'program-in-force',
          false,
          `事故发生日 ${input.incidentDate} 无有效的「${input.program}」项目`,
          `No version of program ${input.program} was in force on ${input.incidentDate}`,
        ),
      ],
    };
  }
  const results: RuleResult[] = [
    result(
      'program-in-force',
      true,
      `适用${version.zh}项目 ${version.version} 版`,
      `${version.en} version ${version.version} applies`,
    ),
  ];
  const benefit = version.benefits.find((b) => b.id === input.benefit);
  if (benefit === undefined) {
    results.push(
      result(
        'benefit-offered',
        false,
        `${version.zh}项目无「${input.benefit}」待遇`,
        `${version.en} has no benefit ${input.benefit}`,
      ),
    );
    return { passed: false, amountFen: 0, programVersion: version.version, results };
  }

  const age = daysBetween(input.incidentDate, input.submittedOn);
  results.push(
    age < 0
      ? result(
          'incident-not-future',
          false,
          '事故日期晚于申请日期',
          'The incident date is after the claim date',
        )
      : result('incident-not-future', true, '事故日期有效', 'The incident date is not in the future'),
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

  const hasEvidence = input.evidence.some((e) => benefit.evidenceKinds.includes(e.kind));
  results.push(
    hasEvidence
      ? result('evidence-provided', true, '已提供所需证明材料', 'The required evidence is listed')
      : result(
          'evidence-provided',
          false,
          `缺少证明材料：需要 ${benefit.evidenceKinds.join(' 或 ')}`,
          `Missing evidence: one of ${benefit.evidenceKinds.join(', ')} is required`,
        ),
  );

  const amount = amountFor(benefit.amount, input.facts);
  results.push(amount.result);
  const passed = results.every((r) => r.passed) && amount.fen > 0;
  return { passed, amountFen: passed ? amount.fen : 0, programVersion: version.version, results };
}
