import { clampScore, idList, pushTo, shortHash, unique } from './context.ts';
import type { FraudClaim, FraudFlag, FraudMember, FraudRule } from './types.ts';

/** One bank account (by keyed hash) receiving payment for several members. */
export const sharedPayee: FraudRule = {
  id: 'shared-payee',
  zh: '同一银行账户为多名会员收款',
  en: 'One bank account paid for several members',
  run(context) {
    const byHash = new Map<string, FraudClaim[]>();
    for (const { claim } of context.claims) {
      if (claim.payeeAccountHash) pushTo(byHash, claim.payeeAccountHash, claim);
    }
    const flags: FraudFlag[] = [];
    const min = context.options.sharedPayeeMinMembers;
    for (const [hash, claims] of byHash) {
      const memberIds = unique(claims.map((c) => c.memberId));
      if (memberIds.length < min) continue;
      const claimIds = unique(claims.map((c) => c.claimId));
      flags.push({
        rule: sharedPayee.id,
        score: clampScore(70 + (memberIds.length - min) * 5),
        claimIds,
        memberIds,
        what: {
          zh: `同一银行账户（哈希 ${shortHash(hash)}）为 ${memberIds.length} 名会员收款：${idList(memberIds, 'zh')}；申请 ${idList(claimIds, 'zh')}`,
          en: `One bank account (hash ${shortHash(hash)}) is the payee for ${memberIds.length} members: ${idList(memberIds, 'en')}; claims ${idList(claimIds, 'en')}`,
        },
        key: `${sharedPayee.id}|${hash}`,
      });
    }
    return flags;
  },
};

/** One mobile number (by keyed hash) registered for several members. */
export const sharedMobile: FraudRule = {
  id: 'shared-mobile',
  zh: '同一手机号登记于多名会员',
  en: 'One mobile number on several members',
  run(context) {
    const byHash = new Map<string, FraudMember[]>();
    for (const member of context.membersById.values()) {
      if (member.mobileHash) pushTo(byHash, member.mobileHash, member);
    }
    const flags: FraudFlag[] = [];
    const min = context.options.sharedMobileMinMembers;
    for (const [hash, members] of byHash) {
      const memberIds = unique(members.map((m) => m.memberId));
      if (memberIds.length < min) continue;
      const claimIds = unique(
        memberIds.flatMap((id) => (context.claimsByMember.get(id) ?? []).map((c) => c.claim.claimId)),
      );
      flags.push({
        rule: sharedMobile.id,
        // Sharing alone is weaker than sharing and claiming.
        score: clampScore((claimIds.length > 0 ? 55 : 35) + (memberIds.length - min) * 5),
        claimIds,
        memberIds,
        what: {
          zh: `同一手机号（哈希 ${shortHash(hash)}）登记于 ${memberIds.length} 名会员：${idList(memberIds, 'zh')}；其申请 ${claimIds.length} 件`,
          en: `One mobile number (hash ${shortHash(hash)}) is registered for ${memberIds.length} members: ${idList(memberIds, 'en')}; ${claimIds.length} claim(s) of theirs`,
        },
        key: `${sharedMobile.id}|${hash}`,
      });
    }
    return flags;
  },
};

/** An approver who approved a claim of a member sharing the approver's bank account or mobile. */
export const approverConflict: FraudRule = {
  id: 'approver-conflict',
  zh: '审批人批准了与其共用银行账户或手机号的会员的申请',
  en: 'An approver approved a claim of a member sharing their bank account or mobile',
  run(context) {
    const flags: FraudFlag[] = [];
    for (const { claim } of context.claims) {
      const approved = new Set<string>();
      for (const d of claim.decisions) if (d.decision === 'approve') approved.add(d.approverId);
      for (const approverId of approved) {
        const approver = context.approversById.get(approverId);
        if (approver === undefined) continue;
        const member = context.membersById.get(claim.memberId);
        const ownClaim = approver.memberId !== null && approver.memberId === claim.memberId;
        const sameAccount =
          approver.payeeAccountHash !== null &&
          approver.payeeAccountHash !== '' &&
          approver.payeeAccountHash === claim.payeeAccountHash;
        const sameMobile =
          approver.mobileHash !== null &&
          approver.mobileHash !== '' &&
          approver.mobileHash === member?.mobileHash;
        if (!ownClaim && !sameAccount && !sameMobile) continue;
        const zh = [
          ownClaim ? '审批人即申请会员本人' : '',
          sameAccount ? '收款账户与审批人账户相同' : '',
          sameMobile ? '会员手机号与审批人手机号相同' : '',
        ].filter(Boolean);
        const en = [
          ownClaim ? 'the approver is the claiming member' : '',
          sameAccount ? "the payee account is the approver's own" : '',
          sameMobile ? "the member's mobile is the approver's" : '',
        ].filter(Boolean);
        flags.push({
          rule: approverConflict.id,
          score: clampScore(ownClaim ? 95 : sameAccount && sameMobile ? 95 : sameAccount ? 90 : 80),
          claimIds: [claim.claimId],
          memberIds: unique([claim.memberId, ...(approver.memberId === null ? [] : [approver.memberId])]),
          what: {
            zh: `审批人 ${approverId} 批准了会员 ${claim.memberId} 的申请 ${claim.claimId}：${zh.join('；')}`,
            en: `Approver ${approverId} approved claim ${claim.claimId} of member ${claim.memberId}: ${en.join('; ')}`,
          },
          key: `${approverConflict.id}|${approverId}|${claim.claimId}`,
        });
      }
    }
    return flags;
  },
};
