import { beijingTimeText } from '../domain/calendar.ts';
import { escapeHtml } from '../domain/html.ts';
import { type PageContext, page } from './approval-page.ts';
import type { Lang } from './i18n.ts';

const TEXT = {
  zh: {
    title: '服务满意度评价',
    intro: '请为本次服务打分（1 = 很不满意，5 = 非常满意）。',
    scale: ['很不满意', '不满意', '一般', '满意', '非常满意'],
    comment: '意见和建议（选填，不超过 500 字）',
    submit: '提交评价',
    chooseRating: '请选择 1 至 5 分。',
    tooLong: '意见不能超过 500 字。',
    recorded: '谢谢您的评价！',
    answered: '这份评价已经提交过了，谢谢。',
    expired: '这个评价链接已过期。',
    notFound: '找不到这个评价链接。',
    forbidden: '表单已失效，请重新打开链接后再提交。',
    until: (at: string) => `请在 ${at}前评价。`,
  },
  en: {
    title: 'How satisfied are you?',
    intro: 'Please rate the service (1 = very dissatisfied, 5 = very satisfied).',
    scale: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
    comment: 'Comments (optional, up to 500 characters)',
    submit: 'Send',
    chooseRating: 'Please choose a rating from 1 to 5.',
    tooLong: 'The comment may have at most 500 characters.',
    recorded: 'Thank you for your rating!',
    answered: 'This rating was already given. Thank you.',
    expired: 'This feedback link has expired.',
    notFound: 'This feedback link does not exist.',
    forbidden: 'The form is no longer valid: open the link again and send it from there.',
    until: (at: string) => `You can answer until ${at}.`,
  },
} as const satisfies Record<Lang, unknown>;

export type FeedbackProblem = 'chooseRating' | 'tooLong';
export type FeedbackResult = 'recorded' | 'answered' | 'expired' | 'notFound' | 'forbidden';

/** The rating form: five choices, an optional comment, the form token and until when it can be answered. */
export function feedbackForm(
  ctx: PageContext,
  csrf: string,
  expiresAt: string,
  problem?: FeedbackProblem,
  comment = '',
): string {
  const t = TEXT[ctx.lang];
  const choices = t.scale
    .map(
      (label, i) =>
        `<label style="display:block"><input type="radio" name="rating" value="${i + 1}" required> ${i + 1} · ${escapeHtml(label)}</label>`,
    )
    .join('');
  const error = problem === undefined ? '' : `<p class="no" role="alert">${escapeHtml(t[problem])}</p>`;
  return page(
    ctx,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>${error}<form method="post"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><fieldset>${choices}</fieldset><p><label>${escapeHtml(t.comment)}<br><textarea name="comment" maxlength="500">${escapeHtml(comment)}</textarea></label></p><button type="submit">${escapeHtml(t.submit)}</button></form><p class="note">${escapeHtml(t.until(beijingTimeText(expiresAt, ctx.lang)))}</p>`,
  );
}

/** A short page saying what became of the answer (or why there is no form). */
export function feedbackResultPage(ctx: PageContext, result: FeedbackResult): string {
  const t = TEXT[ctx.lang];
  const kind = result === 'recorded' ? 'ok' : 'note';
  return page(ctx, t.title, `<h1>${escapeHtml(t.title)}</h1><p class="${kind}">${escapeHtml(t[result])}</p>`);
}
