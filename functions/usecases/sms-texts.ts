import { formatFen } from '../domain/money.ts';

/**
 * Every SMS is one part. A Chinese SMS is sent as UCS-2: one part holds 70 characters (UTF-16 code
 * units, so a character outside the BMP counts twice), its signature and links included; a longer one
 * is split into parts of 67, each billed.
 */
export const SMS_ONE_PART = 70;

/** The registered signature each SMS starts with. */
export const SMS_SIGNATURE = '【工会】';

/** How many characters a carrier counts in a Chinese SMS. */
export function smsLength(text: string): number {
  return text.length;
}

/** `text` cut to at most `max` characters (code units), a cut marked with `…`, never inside a pair. */
function cut(text: string, max: number): string {
  if (smsLength(text) <= max) return text;
  let out = '';
  for (const char of text) {
    if (smsLength(out) + smsLength(char) > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** A benefit's name, never longer than this in an SMS (the catalog's longest has 11 characters). */
const BENEFIT_MAX = 12;

/** `head`, as much of `middle` as one part leaves room for, and `tail`. */
function fitted(head: string, middle: string, tail: string): string {
  return `${head}${cut(middle, SMS_ONE_PART - smsLength(head) - smsLength(tail))}${tail}`;
}

/**
 * The SMS texts. A link fills most of a part (a 31-character production host, `/a/` and a 22-character
 * token are 56), so the texts that carry one are short: the page behind the link says the rest.
 */
export const smsTexts = {
  /** To an approver, when a level opens: the link to the claim's page. */
  approval: (url: string) => `${SMS_SIGNATURE}待您审批：${url}`,
  /** To the member, when the claim is rejected: the reasons, cut to fit. */
  rejected: (benefit: string, reasons: string) =>
    fitted(
      `${SMS_SIGNATURE}您的${cut(benefit, BENEFIT_MAX)}申请未获通过：`,
      reasons === '' ? '不符合申请条件' : reasons,
      '。如有疑问请联系所在工会。',
    ),
  /** To the member, when the claim is paid: the satisfaction link. */
  paid: (link: string) => `${SMS_SIGNATURE}款项已发放，请评价：${link}`,
  /** To the member, when the bank returned the payout: its reason, cut to fit. */
  returned: (amountFen: number, reason: string) =>
    fitted(
      `${SMS_SIGNATURE}您的${formatFen(amountFen)}元被银行退回（`,
      reason,
      '），请联系所在工会更正收款账户。',
    ),
  /** To the member, when staff propose new bank details: the link to confirm them. */
  payeeChange: (link: string) => `${SMS_SIGNATURE}请确认收款账户更改：${link}`,
  /** To the member, when the claim waits for required documents: the upload page's link. */
  documents: (link: string) => `${SMS_SIGNATURE}请上传申请材料：${link}`,
  /** To the member, when a correction ticket asks for documents: the upload page's link. */
  ticketDocuments: (link: string) => `${SMS_SIGNATURE}请补充申请材料：${link}`,
  /** To the member, after a service visit: the satisfaction link. */
  visitFeedback: (link: string) => `${SMS_SIGNATURE}感谢使用，请评价：${link}`,
} as const;

/** The same SMS as a reminder: marked right after the signature, so that it still fits one part. */
export function smsReminder(text: string): string {
  return text.startsWith(SMS_SIGNATURE)
    ? `${SMS_SIGNATURE}提醒：${text.slice(SMS_SIGNATURE.length)}`
    : `提醒：${text}`;
}
