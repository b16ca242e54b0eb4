import { evidenceKey } from '../rules.ts';
import { clampScore, idList, pushTo, unique } from './context.ts';
import type { FraudClaim, FraudFlag, FraudRule } from './types.ts';

/** One evidence number (certificate, invoice…), compared by `evidenceKey`, on several claims. */
export const evidenceReuse: FraudRule = {
  id: 'evidence-reuse',
  zh: '同一证明材料编号用于多件申请',
  en: 'One evidence number on several claims',
  run(context) {
    const byKey = new Map<string, FraudClaim[]>();
    for (const { claim } of context.claims) {
      const seen = new Set<string>();
      for (const e of claim.evidence) {
        const key = evidenceKey(e);
        if (seen.has(key)) continue;
        seen.add(key);
        pushTo(byKey, key, claim);
      }
    }
    const flags: FraudFlag[] = [];
    for (const [key, claims] of byKey) {
      const claimIds = unique(claims.map((c) => c.claimId));
      if (claimIds.length < 2) continue;
      const memberIds = unique(claims.map((c) => c.memberId));
      const [kind = '', number = ''] = splitKey(key);
      const score = clampScore((memberIds.length > 1 ? 90 : 80) + (claimIds.length - 2) * 5);
      flags.push({
        rule: evidenceReuse.id,
        score,
        claimIds,
        memberIds,
        what: {
          zh: `证明材料 ${kind} ${number} 出现在 ${claimIds.length} 件申请中：${idList(claimIds, 'zh')}（涉及会员 ${memberIds.length} 人）`,
          en: `Evidence ${kind} ${number} appears on ${claimIds.length} claims: ${idList(claimIds, 'en')} (${memberIds.length} member(s))`,
        },
        key: `${evidenceReuse.id}|${key}`,
      });
    }
    return flags;
  },
};

function splitKey(key: string): [string, string] {
  const at = key.indexOf('#');
  return [key.slice(0, at), key.slice(at + 1)];
}
