import { beijingDate, beijingTimeText } from '../domain/calendar.ts';
import { escapeHtml } from '../domain/html.ts';
import { formatFen } from '../domain/money.ts';
import { claimDateLabel, evidenceLabel } from '../domain/programs/labels.ts';
import type { StoredFlag } from '../ports/fraud-store.ts';
import type { ApprovalPageData } from '../usecases/approval-link.ts';
import { benefitTitle } from '../usecases/approval-messages.ts';
import { DOCUMENTS_STYLE, documentsBlock } from './documents-block.ts';
import { type Lang, MESSAGES, type Messages } from './i18n.ts';

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.3rem}h2{font-size:1.1rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}
.ok{color:#0a6b2d}.no{color:#a01818}.note{padding:.6rem .8rem;border-radius:.4rem;background:#f3f3f3}.lang{text-align:right;margin:0}
button{font-size:1.05rem;padding:.6rem 1.2rem;margin:.3rem .5rem .3rem 0;border-radius:.4rem;border:1px solid #777}
button[value=approve]{background:#0a6b2d;color:#fff}button[value=reject]{background:#fff;color:#a01818}
textarea{width:100%;min-height:4rem;font:inherit;box-sizing:border-box}ul{padding-left:1.2rem}${DOCUMENTS_STYLE}`;

export interface PageContext {
  readonly lang: Lang;
  /** Whether the page links to itself in the other language (`?lang=`). */
  readonly langSwitch: boolean;
}

export function page(ctx: PageContext, title: string, body: string): string {
  const t = MESSAGES[ctx.lang];
  const other: Lang = ctx.lang === 'zh' ? 'en' : 'zh';
  const langSwitch = !ctx.langSwitch
    ? ''
    : `<p class="lang"><a href="?lang=${other}" hreflang="${other}" lang="${MESSAGES[other].htmlLang}">${escapeHtml(t.switchLabel)}</a></p>`;
  return `<!doctype html><html lang="${t.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${langSwitch}${body}</body></html>`;
}

function decisionLine(
  t: Messages,
  lang: Lang,
  decision: NonNullable<ApprovalPageData['decision']>,
  unitCode?: string,
) {
  const who = unitCode === undefined ? decision.approverId : `${decision.approverId} (${unitCode})`;
  const verdict = decision.decision === 'approve' ? t.approved : t.rejected;
  return `<span class="${decision.decision === 'approve' ? 'ok' : 'no'}">${escapeHtml(verdict)}</span> · ${escapeHtml(who)} · ${escapeHtml(beijingTimeText(decision.decidedAt, lang))}${decision.reason ? ` · ${escapeHtml(decision.reason)}` : ''}`;
}

function summary(t: Messages, lang: Lang, data: ApprovalPageData): string {
  const { claim } = data;
  const title = benefitTitle(claim);
  const amount = claim.rules?.passed ? `¥${formatFen(claim.rules.amountFen)}` : '—';
  const reasons = [...(claim.membership?.results ?? []), ...(claim.rules?.results ?? [])]
    .map(
      (r) =>
        `<li class="${r.passed ? 'ok' : 'no'}">${r.passed ? '✓' : '✗'} ${escapeHtml(lang === 'zh' ? r.zh : r.en)}</li>`,
    )
    .join('');
  const evidence = claim.evidence
    .map((e) => `${escapeHtml(evidenceLabel(e.kind)[lang])} ${escapeHtml(e.number)}`)
    .join('<br>');
  const member =
    data.member === null ? claim.memberId : `${data.member.name} · ${data.member.idNumberMasked}`;
  const earlier =
    data.earlier.length === 0
      ? ''
      : `<h2>${escapeHtml(t.earlier)}</h2><ul>${data.earlier
          .map(
            (e) =>
              `<li>${escapeHtml(t.levelOf(e.level, data.levels))}: ${
                e.decision === null ? '—' : decisionLine(t, lang, e.decision, e.unitCode)
              }</li>`,
          )
          .join('')}</ul>`;
  const flags = fraudBlock(lang, data.flags ?? []);
  return `${flags}<dl>
<dt>${escapeHtml(t.claim)}</dt><dd>${escapeHtml(claim.claimId)}</dd>
<dt>${escapeHtml(t.benefit)}</dt><dd>${escapeHtml(lang === 'zh' ? title.zh : title.en)}</dd>
<dt>${escapeHtml(t.amount)}</dt><dd><strong>${escapeHtml(amount)}</strong></dd>
<dt>${escapeHtml(t.member)}</dt><dd>${escapeHtml(member)}</dd>
<dt>${escapeHtml(claimDateLabel(claim.program, claim.benefit)[lang])}</dt><dd>${escapeHtml(claim.incidentDate)}</dd>
<dt>${escapeHtml(t.evidence)}</dt><dd>${evidence}</dd>
<dt>${escapeHtml(t.level)}</dt><dd>${escapeHtml(t.levelOf(data.level, data.levels))}</dd>
</dl>${documentsBlock(lang, data.linkId, data.documents)}<h2>${escapeHtml(t.ruleCheck)}</h2><ul>${reasons}</ul>${earlier}`;
}

/** The confirmation page of GET: the claim and a form; nothing is decided until the form is posted. */
export function approvalForm(
  ctx: PageContext,
  data: ApprovalPageData,
  csrf: string,
  error?: 'chooseDecision' | 'needReason',
  /** What the decision needs, sealed by the server (sealed-form.ts), so the POST reads nothing again. */
  sealed?: string,
): string {
  const t = MESSAGES[ctx.lang];
  return page(
    ctx,
    t.titleApprove,
    `<h1>${escapeHtml(t.titleApprove)}</h1>${summary(t, ctx.lang, data)}
${error === undefined ? '' : `<p class="note no" role="alert">${escapeHtml(t[error])}</p>`}
<form method="post" action="?lang=${ctx.lang}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">${
      sealed === undefined ? '' : `<input type="hidden" name="sealed" value="${escapeHtml(sealed)}">`
    }
<label for="reason">${escapeHtml(t.reasonLabel)}</label>
<textarea id="reason" name="reason" maxlength="500"></textarea>
<button type="submit" name="decision" value="approve">${escapeHtml(t.approve)}</button>
<button type="submit" name="decision" value="reject">${escapeHtml(t.reject)}</button></form>
<p class="note">${escapeHtml(t.expires(beijingTimeText(data.expiresAt, ctx.lang)))}</p>`,
  );
}

export type ResultKind = 'recorded' | 'already-decided' | 'expired' | 'closed' | 'not-eligible';

const RESULT_KEY = {
  recorded: 'recorded',
  'already-decided': 'alreadyDecided',
  expired: 'expired',
  closed: 'closed',
  'not-eligible': 'notEligible',
} as const satisfies Record<ResultKind, keyof Messages>;

/**
 * The page after a POST, or for a link that can no longer be used: the outcome only (the claim's id,
 * the decision and its date). Who claims, the evidence and any fraud flag stay off a closed link.
 */
export function resultPage(ctx: PageContext, result: ResultKind, data: ApprovalPageData): string {
  const t = MESSAGES[ctx.lang];
  const headline = t[RESULT_KEY[result]];
  const decision = data.decision;
  const outcome =
    decision === null || decision === undefined
      ? ''
      : `<p class="${decision.decision === 'approve' ? 'ok' : 'no'}">${escapeHtml(
          t.decidedOn(decision.decision === 'approve', beijingDate(new Date(decision.decidedAt))),
        )}</p>`;
  return page(
    ctx,
    headline,
    `<h1>${escapeHtml(headline)}</h1>${outcome}<dl><dt>${escapeHtml(t.claim)}</dt><dd>${escapeHtml(data.claim.claimId)}</dd></dl>`,
  );
}

export function notFoundPage(ctx: PageContext): string {
  const t = MESSAGES[ctx.lang];
  return page(
    ctx,
    t.notFoundTitle,
    `<h1>${escapeHtml(t.notFoundTitle)}</h1><p>${escapeHtml(t.notFoundText)}</p>`,
  );
}

/** A POST whose form token or origin does not check out. */
export function forbiddenPage(ctx: PageContext): string {
  const t = MESSAGES[ctx.lang];
  return page(
    ctx,
    t.forbiddenTitle,
    `<h1>${escapeHtml(t.forbiddenTitle)}</h1><p>${escapeHtml(t.forbiddenText)}</p>`,
  );
}

const FLAG_STATE = {
  zh: { OPEN: '待核查', CLEARED: '已排除', CONFIRMED: '已确认' },
  en: { OPEN: 'open', CLEARED: 'cleared', CONFIRMED: 'confirmed' },
} as const;

/** The claim's fraud flags, open ones first: what matched, the score and the state (all escaped). */
function fraudBlock(lang: Lang, flags: readonly StoredFlag[]): string {
  if (flags.length === 0) return '';
  const open = flags.filter((f) => f.state === 'OPEN').length;
  const heading =
    lang === 'zh'
      ? `风险提示：${flags.length} 项（${open} 项待核查；待核查期间不予支付）`
      : `Fraud flags: ${flags.length} (${open} open; no payout while a flag is open)`;
  const items = [...flags]
    .sort((a, b) => Number(b.state === 'OPEN') - Number(a.state === 'OPEN') || b.score - a.score)
    .map(
      (f) =>
        `<li class="${f.state === 'OPEN' ? 'no' : 'ok'}"><strong>${escapeHtml(FLAG_STATE[lang][f.state])}</strong> · ${escapeHtml(
          lang === 'zh' ? '风险分' : 'score',
        )} ${escapeHtml(String(f.score))} · ${escapeHtml(lang === 'zh' ? f.what.zh : f.what.en)}${
          f.reason === undefined ? '' : ` — ${escapeHtml(f.reason)}`
        }</li>`,
    )
    .join('');
  return `<section class="flags" role="alert"><h2>${escapeHtml(heading)}</h2><ul>${items}</ul></section>`;
}
