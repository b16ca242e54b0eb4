import type { MembershipOutcome, RuleResult } from './claim.ts';
import type { Member, Unit } from './registry.ts';

function result(code: string, passed: boolean, zh: string, en: string): RuleResult {
  return { code, passed, zh, en };
}

/**
 * Real-name membership check (实名制): the member is registered, belongs to a known grassroots unit,
 * and was a member in good standing on the incident date.
 */
export function checkMembership(
  member: Member | null,
  unit: Unit | null,
  incidentDate: string,
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
    };
  }
  const results: RuleResult[] = [
    result('member-registered', true, '会员已实名登记', 'The member is in the real-name registry'),
  ];
  results.push(
    unit !== null && unit.tier === 'grassroots'
      ? result('unit-known', true, `所属基层工会：${unit.name}`, `Grassroots union: ${unit.nameEn}`)
      : result(
          'unit-known',
          false,
          `所属基层工会 ${member.unitCode} 不存在`,
          `The member's grassroots union ${member.unitCode} is unknown`,
        ),
  );
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
  return { verified: results.every((r) => r.passed), results };
}
