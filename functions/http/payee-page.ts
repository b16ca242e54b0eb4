import { beijingTimeText } from '../domain/calendar.ts';
import { escapeHtml } from '../domain/html.ts';
import type { PayeeLinkState, PayeeLinkView } from '../usecases/payee-correction.ts';
import { type PageContext, page } from './approval-page.ts';
import type { Lang } from './i18n.ts';

const TEXT = {
  zh: {
    title: '确认收款账户更改',
    intro: '工会工作人员为您的申请提出了新的收款账户，确认后将按新账户重新发放：',
    bank: '开户银行',
    account: '账号',
    name: '户名',
    notYou: '如非您本人申请的更改，请不要确认，并联系所在工会。',
    submit: '确认更改',
    open: '',
    confirmed: '收款账户已更改，款项将重新发放。',
    closed: '这项更改已无需确认。',
    expired: '这个确认链接已过期，请联系所在工会。',
    notFound: '找不到这个确认链接。',
    forbidden: '表单已失效，请重新打开链接后再提交。',
    until: (at: string) => `请在 ${at}前确认。`,
  },
  en: {
    title: 'Confirm the new payee details',
    intro:
      'Union staff proposed new bank details for your claim; once you confirm, it is paid again to them:',
    bank: 'Bank',
    account: 'Account',
    name: 'Account holder',
    notYou: 'If you did not ask for this change, do not confirm it and contact your union.',
    submit: 'Confirm the change',
    open: '',
    confirmed: 'The payee details are changed; the claim is paid again.',
    closed: 'This change needs no confirmation any more.',
    expired: 'This link has expired: please contact your union.',
    notFound: 'This link does not exist.',
    forbidden: 'The form is no longer valid: open the link again and send it from there.',
    until: (at: string) => `You can confirm until ${at}.`,
  },
} as const satisfies Record<Lang, unknown>;

export type PayeePageResult = Exclude<PayeeLinkState, 'open'> | 'notFound' | 'forbidden';

/** The proposed details (masked) and the confirm button with its form token. */
export function payeeForm(ctx: PageContext, view: PayeeLinkView, csrf: string): string {
  const t = TEXT[ctx.lang];
  const row = (label: string, value: string) =>
    `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  return page(
    ctx,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p><table>${row(t.name, view.payee.name)}${row(t.bank, view.payee.bankName)}${row(t.account, view.payee.accountMasked)}</table><p class="note">${escapeHtml(t.until(beijingTimeText(view.expiresAt, ctx.lang)))} ${escapeHtml(t.notYou)}</p><form method="post"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button type="submit">${escapeHtml(t.submit)}</button></form>`,
  );
}

/** A short page saying what became of the change (or why there is no form). */
export function payeeResultPage(ctx: PageContext, result: PayeePageResult): string {
  const t = TEXT[ctx.lang];
  const kind = result === 'confirmed' ? 'ok' : 'note';
  return page(ctx, t.title, `<h1>${escapeHtml(t.title)}</h1><p class="${kind}">${escapeHtml(t[result])}</p>`);
}
