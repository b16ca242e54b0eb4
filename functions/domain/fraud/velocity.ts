import { beijingDayOfMs, clampScore, DAY_MS, dateOfDay, idList, pushTo, windowClusters } from './context.ts';
import type { FraudFlag, FraudRule, IndexedClaim } from './types.ts';

/** More than K claims of one member within the window (by submission). */
export const memberVelocity: FraudRule = {
  id: 'member-velocity',
  zh: '会员申请频次异常',
  en: 'Unusual claim velocity of a member',
  run(context) {
    const { memberVelocityMax: max, memberVelocityWindowDays: days } = context.options;
    const flags: FraudFlag[] = [];
    for (const [memberId, claims] of context.claimsByMember) {
      if (claims.length <= max) continue;
      const timed = claims.filter((c) => Number.isFinite(c.submittedMs));
      for (const run of windowClusters(
        timed,
        (c) => c.submittedMs,
        days * DAY_MS,
        (count) => count > max,
      )) {
        const first = run[0];
        if (first === undefined) continue;
        const claimIds = run.map((c) => c.claim.claimId);
        flags.push({
          rule: memberVelocity.id,
          score: clampScore(50 + (run.length - max - 1) * 5),
          claimIds,
          memberIds: [memberId],
          what: {
            zh: `会员 ${memberId} 在 ${days} 天内提交申请超过 ${max} 件（共 ${run.length} 件：${idList(claimIds, 'zh')}）`,
            en: `Member ${memberId} made more than ${max} claims within ${days} days (${run.length}: ${idList(claimIds, 'en')})`,
          },
          key: `${memberVelocity.id}|${memberId}|${first.claim.claimId}`,
        });
      }
    }
    return flags;
  },
};

/**
 * A unit's claims submitted in the 7 days before the scan above a multiple of its weekly average over the
 * previous weeks, and at least a minimum count.
 */
export const unitVelocity: FraudRule = {
  id: 'unit-velocity',
  zh: '基层工会申请量异常',
  en: 'Unusual claim velocity of a unit',
  run(context) {
    const {
      unitVelocityMultiplier: mult,
      unitVelocityBaselineWeeks: weeks,
      unitVelocityMinCount: min,
    } = context.options;
    const now = context.nowMs;
    if (!Number.isFinite(now) || weeks <= 0) return [];
    const week = 7 * DAY_MS;
    const recentFrom = now - week;
    const baselineFrom = now - (weeks + 1) * week;
    const recent = new Map<string, IndexedClaim[]>();
    const baseline = new Map<string, number>(Object.entries(context.input.unitBaselineCounts ?? {}));
    for (const c of context.claims) {
      const t = c.submittedMs;
      if (!(t > baselineFrom && t <= now)) continue;
      const unit = c.claim.unitCode ?? context.membersById.get(c.claim.memberId)?.unitCode;
      if (!unit) continue;
      if (t > recentFrom) pushTo(recent, unit, c);
      else baseline.set(unit, (baseline.get(unit) ?? 0) + 1);
    }
    const period = dateOfDay(Math.floor(beijingDayOfMs(now) / 7) * 7);
    const flags: FraudFlag[] = [];
    for (const [unit, claims] of recent) {
      const average = (baseline.get(unit) ?? 0) / weeks;
      if (claims.length < min || claims.length <= mult * average) continue;
      const ratio = claims.length / Math.max(average, 0.5);
      const claimIds = claims.map((c) => c.claim.claimId).sort();
      const memberIds = [...new Set(claims.map((c) => c.claim.memberId))].sort();
      const avgText = average.toFixed(1);
      flags.push({
        rule: unitVelocity.id,
        score: clampScore(50 + Math.min(40, (ratio - mult) * 5)),
        claimIds,
        memberIds,
        what: {
          zh: `单位 ${unit} 近 7 天申请 ${claims.length} 件，为前 ${weeks} 周周均 ${avgText} 件的 ${mult} 倍以上（申请 ${idList(claimIds, 'zh')}）`,
          en: `Unit ${unit} had ${claims.length} claims in the last 7 days, more than ${mult}× its weekly average of ${avgText} over the previous ${weeks} weeks (claims ${idList(claimIds, 'en')})`,
        },
        key: `${unitVelocity.id}|${unit}|${period}`,
      });
    }
    return flags;
  },
};
