import { clampScore, dateOfDay, dayOf } from './context.ts';
import type { FraudFlag, FraudRule, IndexedClaim } from './types.ts';

/** A claim whose incident or submission falls within N days of the member joining (or before it). */
export const soonAfterJoining: FraudRule = {
  id: 'soon-after-joining',
  zh: '入会后不久即申请',
  en: 'A claim soon after joining',
  run(context) {
    const n = context.options.soonAfterJoiningDays;
    const flags: FraudFlag[] = [];
    for (const c of context.claims) {
      const member = context.membersById.get(c.claim.memberId);
      if (member === undefined) continue;
      const joined = dayOf(member.joinedOn);
      if (Number.isNaN(joined)) continue;
      const days = [c.incidentDay, c.submittedDay].filter((d) => Number.isFinite(d));
      if (days.length === 0) continue;
      const gap = Math.min(...days) - joined;
      if (gap > n) continue;
      const incidentGap = Number.isFinite(c.incidentDay) ? c.incidentDay - joined : null;
      const submitGap = Number.isFinite(c.submittedDay) ? c.submittedDay - joined : null;
      const score = gap < 0 ? 85 : 40 + 30 * (1 - gap / Math.max(n, 1));
      flags.push({
        rule: soonAfterJoining.id,
        score: clampScore(score),
        claimIds: [c.claim.claimId],
        memberIds: [c.claim.memberId],
        what: {
          zh: `会员 ${c.claim.memberId} 于 ${member.joinedOn} 入会；申请 ${c.claim.claimId} 的事发日在入会后 ${incidentGap ?? '?'} 天，提交日在入会后 ${submitGap ?? '?'} 天（阈值 ${n} 天）`,
          en: `Member ${c.claim.memberId} joined on ${member.joinedOn}; claim ${c.claim.claimId} has its incident ${incidentGap ?? '?'} and its submission ${submitGap ?? '?'} days after joining (threshold ${n} days)`,
        },
        key: `${soonAfterJoining.id}|${c.claim.claimId}`,
      });
    }
    return flags;
  },
};

/**
 * Claims of a member after a death benefit for that member: an incident after the death (strong), another
 * death claim, or a claim submitted after the death claim (weak: an estate may still claim earlier costs).
 * A death known only from the registry (`diedOn`) counts as well.
 */
export const claimAfterDeath: FraudRule = {
  id: 'claim-after-death',
  zh: '身故给付后同一会员仍有申请',
  en: 'Claims of a member after a death benefit',
  run(context) {
    const isDeath = (c: IndexedClaim): boolean =>
      c.claim.status !== 'REJECTED' &&
      c.claim.status !== 'FAILED' &&
      context.options.deathBenefits.some(
        (d) => d.program === c.claim.program && d.benefit === c.claim.benefit,
      );
    const flags: FraudFlag[] = [];
    for (const [memberId, claims] of context.claimsByMember) {
      const deathClaims = claims.filter(isDeath);
      const firstDeath = deathClaims[0];
      const diedOn = dayOf(context.membersById.get(memberId)?.diedOn ?? '');
      const deathDays = [...deathClaims.map((c) => c.incidentDay), diedOn].filter((d) => Number.isFinite(d));
      if (firstDeath === undefined && deathDays.length === 0) continue;
      // A loop, not Math.min(...): a member may have more claims than the call stack takes arguments.
      const deathDay = deathDays.reduce((min, d) => Math.min(min, d), Number.POSITIVE_INFINITY);
      for (const c of claims) {
        if (c === firstDeath) continue;
        const afterDeath = Number.isFinite(c.incidentDay) && c.incidentDay > deathDay;
        const anotherDeath = isDeath(c);
        const submittedLater =
          firstDeath !== undefined &&
          Number.isFinite(c.submittedMs) &&
          c.submittedMs > firstDeath.submittedMs;
        if (!afterDeath && !anotherDeath && !submittedLater) continue;
        const score = afterDeath ? 90 : anotherDeath ? 85 : 40;
        const deathText = firstDeath === undefined ? '' : firstDeath.claim.claimId;
        const death = {
          zh:
            deathText === ''
              ? `登记身故日 ${dateOfDay(deathDay)}`
              : `身故申请 ${deathText}（${dateOfDay(deathDay)}）`,
          en:
            deathText === ''
              ? `registered death on ${dateOfDay(deathDay)}`
              : `death claim ${deathText} (${dateOfDay(deathDay)})`,
        };
        const why = afterDeath
          ? {
              zh: `事发日 ${c.claim.incidentDate} 晚于身故日`,
              en: `its incident ${c.claim.incidentDate} is after the death`,
            }
          : anotherDeath
            ? { zh: '又一件身故申请', en: 'it is another death claim' }
            : { zh: '提交于身故申请之后', en: 'it was submitted after the death claim' };
        flags.push({
          rule: claimAfterDeath.id,
          score: clampScore(score),
          claimIds:
            firstDeath === undefined ? [c.claim.claimId] : [firstDeath.claim.claimId, c.claim.claimId],
          memberIds: [memberId],
          what: {
            zh: `会员 ${memberId} 已有${death.zh}，其后申请 ${c.claim.claimId}：${why.zh}`,
            en: `Member ${memberId} has a ${death.en}; later claim ${c.claim.claimId}: ${why.en}`,
          },
          key: `${claimAfterDeath.id}|${c.claim.claimId}`,
        });
      }
    }
    return flags;
  },
};
