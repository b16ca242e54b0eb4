import { clampScore, DAY_MS, idList, pushTo, windowClusters, yuan } from './context.ts';
import type { FraudFlag, FraudRule, IndexedClaim } from './types.ts';

/**
 * Amounts split just under an authority limit: two or more claims of one member in one program, within the
 * window, each within the margin below a limit (so one approver decides each), together above the limit.
 */
export const splitUnderLimit: FraudRule = {
  id: 'split-under-limit',
  zh: '金额拆分至审批权限以下',
  en: 'Amounts split just under an authority limit',
  run(context) {
    const { splitLimitsFen, splitMarginPercent, splitWindowDays } = context.options;
    const flags: FraudFlag[] = [];
    for (const [memberId, claims] of context.claimsByMember) {
      if (claims.length < 2) continue;
      const byProgram = new Map<string, IndexedClaim[]>();
      for (const c of claims) if (Number.isFinite(c.submittedMs)) pushTo(byProgram, c.claim.program, c);
      for (const [program, list] of byProgram) {
        if (list.length < 2) continue;
        for (const limit of splitLimitsFen) {
          const lower = limit - Math.floor((limit * splitMarginPercent) / 100);
          const near = list.filter((c) => c.claim.amountFen >= lower && c.claim.amountFen <= limit);
          if (near.length < 2) continue;
          const runs = windowClusters(
            near,
            (c) => c.submittedMs,
            splitWindowDays * DAY_MS,
            (count, sum) => count >= 2 && sum > limit,
            (c) => c.claim.amountFen,
          );
          for (const run of runs) {
            const first = run[0];
            if (first === undefined) continue;
            const claimIds = run.map((c) => c.claim.claimId);
            const total = run.reduce((s, c) => s + c.claim.amountFen, 0);
            const shown = run.slice(0, 10).map((c) => yuan(c.claim.amountFen));
            const amounts = `${shown.join(' + ')}${run.length > shown.length ? ' + …' : ''}`;
            flags.push({
              rule: splitUnderLimit.id,
              score: clampScore(75 + (run.length - 2) * 5),
              claimIds,
              memberIds: [memberId],
              what: {
                zh: `会员 ${memberId} 在 ${splitWindowDays} 天内就项目 ${program} 提交 ${run.length} 件申请（${idList(claimIds, 'zh')}），每件金额均略低于审批权限 ${yuan(limit)} 元（${amounts}），合计 ${yuan(total)} 元`,
                en: `Member ${memberId} made ${run.length} claims in program ${program} within ${splitWindowDays} days (${idList(claimIds, 'en')}), each just under the authority limit of ${yuan(limit)} CNY (${amounts}), together ${yuan(total)} CNY`,
              },
              key: `${splitUnderLimit.id}|${memberId}|${program}|${limit}|${first.claim.claimId}`,
            });
          }
        }
      }
    }
    return flags;
  },
};
