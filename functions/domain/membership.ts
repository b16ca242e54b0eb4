import type { CorrectionRequest, MembershipOutcome, RuleResult } from './claim.ts';
import type { Member, Unit } from './registry.ts';

function result(code: string, passed: boolean, zh: string, en: string): RuleResult {
  return { code, passed, zh, en };
}

/** Names compare without spaces, the middle dot of minority names, and case. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .replace(/[\s·•・.]/g, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

export interface MembershipContext {
  /** The member's name as the claim states it, if it does. */
  readonly statedName?: string | null;
  /** The unit that corrects data when the member's own unit is unknown (the city federation). */
  readonly rootUnit: Pick<Unit, 'code' | 'path'>;
  /** Correction kinds already made for this claim: a second mismatch of a kind is not correctable. */
  readonly correctedKinds?: readonly CorrectionRequest['kinds'][number][];
  /** The correction round this check would open. */
  readonly round?: number;
  /** The real-name payee check (`payeeRule` in rules.ts): a failure waits for the union to correct it. */
  readonly payee?: RuleResult;
}

/**
 * Real-name membership check (实名制): the member is registered under the name the claim states,
 * belongs to a known grassroots unit, and was a member in good standing on the incident date. When
 * every failure is one the member's union can fix (the name differs, a renewal is pending, the unit is
 * unknown), the outcome carries a correction request instead of a plain rejection.
 */
export function checkMembership(
  member: Member | null,
  unit: Unit | null,
  incidentDate: string,
  context?: MembershipContext,
): MembershipOutcome {
  if (member === null) {
    return {
      verified: false,
      results: [
        result(
          'member-registered',
          false,
          '会员未在实名制系统中登记',
          'The member is not in the real-name registry',
        ),
      ],
      correction: null,
    };
  }
  const results: RuleResult[] = [
    result('member-registered', true, '会员已实名登记', 'The member is in the real-name registry'),
  ];
  const correctable: CorrectionRequest['kinds'][number][] = [];
  const already = new Set(context?.correctedKinds ?? []);

  const stated = context?.statedName;
  if (stated !== undefined && stated !== null && stated !== '') {
    const same = sameName(stated, member.name);
    results.push(
      same
        ? result('real-name-match', true, '姓名与实名登记一致', 'The name matches the registry')
        : result(
            'real-name-match',
            false,
            `申请姓名「${stated}」与实名登记不一致`,
            `The name on the claim does not match the registry`,
          ),
    );
    if (!same) correctable.push('name-mismatch');
  }

  const payee = context?.payee;
  if (payee !== undefined) {
    results.push(payee);
    if (!payee.passed) correctable.push('payee-mismatch');
  }

  const unitKnown = unit !== null && unit.tier === 'grassroots';
  results.push(
    unitKnown
      ? result('unit-known', true, `所属基层工会：${unit.name}`, `Grassroots union: ${unit.nameEn}`)
      : result(
          'unit-known',
          false,
          `所属基层工会 ${member.unitCode} 不存在`,
          `The member's grassroots union ${member.unitCode} is unknown`,
        ),
  );
  if (!unitKnown) correctable.push('unit-unknown');

  results.push(
    member.joinedOn <= incidentDate
      ? result('joined-before-incident', true, `${member.joinedOn} 入会`, `Member since ${member.joinedOn}`)
      : result(
          'joined-before-incident',
          false,
          `事故发生时尚未入会（${member.joinedOn} 入会）`,
          `Not yet a member on the incident date (joined ${member.joinedOn})`,
        ),
  );
  const inGoodStanding =
    member.status === 'active' ||
    (member.status === 'left' && member.leftOn !== null && member.leftOn > incidentDate);
  results.push(
    inGoodStanding
      ? result('membership-active', true, '事故发生时会籍有效', 'Membership was active on the incident date')
      : result(
          'membership-active',
          false,
          member.status === 'suspended' ? '会籍已暂停' : `会籍已于 ${member.leftOn ?? '此前'} 终止`,
          member.status === 'suspended'
            ? 'Membership is suspended'
            : `Membership ended ${member.leftOn ?? 'before the incident'}`,
        ),
  );
  if (!inGoodStanding && member.renewalPending === true) correctable.push('renewal-pending');

  const verified = results.every((r) => r.passed);
  const failures = results.filter((r) => !r.passed).length;
  const fixable = correctable.filter((kind) => !already.has(kind));
  const canCorrect = !verified && context !== undefined && fixable.length === failures;
  const dispatchTo = unitKnown ? { code: unit.code, path: unit.path } : context?.rootUnit;
  return {
    verified,
    results,
    correction:
      canCorrect && dispatchTo !== undefined
        ? {
            round: context.round ?? 1,
            kinds: fixable,
            unitCode: dispatchTo.code,
            unitPath: dispatchTo.path,
            detail: {
              zh: results
                .filter((r) => !r.passed)
                .map((r) => r.zh)
                .join('；'),
              en: results
                .filter((r) => !r.passed)
                .map((r) => r.en)
                .join('; '),
            },
          }
        : null,
  };
}
