import { beijingTimeText } from '../domain/calendar.ts';
import type { Claim } from '../domain/claim.ts';
import { formatFen } from '../domain/money.ts';
import { programInForce } from '../domain/programs/catalog.ts';
import { claimDateLabel } from '../domain/programs/labels.ts';
import type { Approver } from '../domain/registry.ts';
import type { OutboundMessage } from '../ports/notifier.ts';
import { smsTexts } from './sms-texts.ts';

export function benefitTitle(claim: Pick<Claim, 'program' | 'benefit' | 'incidentDate'>): {
  zh: string;
  en: string;
} {
  const program = programInForce(claim.program, claim.incidentDate);
  const benefit = program?.benefits.find((b) => b.id === claim.benefit);
  return {
    zh: `${program?.zh ?? claim.program} · ${benefit?.zh ?? claim.benefit}`,
    en: `${program?.en ?? claim.program} · ${benefit?.en ?? claim.benefit}`,
  };
}

/** The benefit's own name in Chinese (`住院医疗互助`), for texts too short for the program's. */
export function benefitName(claim: Pick<Claim, 'program' | 'benefit' | 'incidentDate'>): string {
  const program = programInForce(claim.program, claim.incidentDate);
  return program?.benefits.find((b) => b.id === claim.benefit)?.zh ?? claim.benefit;
}

/** The e-mail and the SMS that ask one approver to decide, each carrying their own link. */
export function approvalMessages(
  claim: Claim,
  approver: Approver,
  url: string,
  expiresAt: string,
  level: number,
): OutboundMessage[] {
  const title = benefitTitle(claim);
  const amount = formatFen(claim.rules?.amountFen ?? 0);
  const levels = Math.max(level, claim.approvalChain?.length ?? 1);
  const dateLabel = claimDateLabel(claim.program, claim.benefit);
  const subject = `【工会服务】待审批 ${title.zh} ¥${amount} / Approval needed: ${title.en} CNY ${amount}`;
  const text = [
    `${approver.name}，您好：`,
    `会员 ${claim.memberId} 申请「${title.zh}」${amount} 元（${dateLabel.zh} ${claim.incidentDate}，申请号 ${claim.claimId}）。`,
    `审批级别：第 ${level} 级，共 ${levels} 级。`,
    `请在 ${beijingTimeText(expiresAt, 'zh')}前打开链接审批：${url}`,
    '',
    `Dear ${approver.name},`,
    `member ${claim.memberId} claims "${title.en}", CNY ${amount} (${dateLabel.en.toLowerCase()} ${claim.incidentDate}, claim ${claim.claimId}).`,
    `Approval level ${level} of ${levels}.`,
    `Please decide before ${beijingTimeText(expiresAt, 'en')}: ${url}`,
  ].join('\n');
  return [
    { channel: 'email', to: approver.email, subject, text, links: [url] },
    {
      channel: 'sms',
      to: approver.mobile,
      subject: '审批提醒',
      text: smsTexts.approval(url),
      links: [url],
    },
  ];
}
