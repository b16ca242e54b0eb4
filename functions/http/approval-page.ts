import { formatFen } from '../domain/money.ts';
import type { ApprovalPageData } from '../usecases/approval-link.ts';
import { benefitTitle } from '../usecases/approval-messages.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.3rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{color:#555}
.ok{color:#0a6b2d}.no{color:#a01818}.note{padding:.6rem .8rem;border-radius:.4rem;background:#f3f3f3}
button{font-size:1.05rem;padding:.6rem 1.2rem;margin:.3rem .5rem .3rem 0;border-radius:.4rem;border:1px solid #777}
button[value=approve]{background:#0a6b2d;color:#fff}button[value=reject]{background:#fff;color:#a01818}
textarea{width:100%;min-height:4rem;font:inherit}ul{padding-left:1.2rem}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function summary(data: ApprovalPageData): string {
  const { claim } = data;
  const title = benefitTitle(claim);
  const amount = claim.rules?.passed ? `¥${formatFen(claim.rules.amountFen)}` : '—';
  const reasons = [...(claim.membership?.results ?? []), ...(claim.rules?.results ?? [])]
    .map(
      (r) =>
        `<li class="${r.passed ? 'ok' : 'no'}">${r.passed ? '✓' : '✗'} ${escapeHtml(r.zh)} <small>${escapeHtml(r.en)}</small></li>`,
    )
    .join('');
  const evidence = claim.evidence.map((e) => `${escapeHtml(e.kind)} ${escapeHtml(e.number)}`).join('<br>');
  return `<dl>
<dt>申请号 Claim</dt><dd>${escapeHtml(claim.claimId)}</dd>
<dt>项目 Benefit</dt><dd>${escapeHtml(title.zh)}<br><small>${escapeHtml(title.en)}</small></dd>
<dt>金额 Amount</dt><dd><strong>${amount}</strong></dd>
<dt>会员 Member</dt><dd>${escapeHtml(data.member?.name ?? claim.memberId)} · ${escapeHtml(data.member?.idNumberMasked ?? '')}</dd>
<dt>事故日期 Incident</dt><dd>${escapeHtml(claim.incidentDate)}</dd>
<dt>材料 Evidence</dt><dd>${evidence}</dd>
<dt>审批级别 Level</dt><dd>${data.level} / ${Math.max(data.level, claim.approvalChain?.length ?? 1)}</dd>
</dl><h2>规则审核 Rule check</h2><ul>${reasons}</ul>`;
}

/** The confirmation page of GET: the claim and a form; nothing is decided until the form is posted. */
export function approvalForm(data: ApprovalPageData, error?: string): string {
  const expires = data.expiresAt.slice(0, 16).replace('T', ' ');
  return page(
    '审批申请 Approve a claim',
    `<h1>审批申请 · Approve a claim</h1>${summary(data)}
${error === undefined ? '' : `<p class="note no" role="alert">${escapeHtml(error)}</p>`}
<form method="post"><label for="reason">意见 Reason（驳回必填 required to reject）</label>
<textarea id="reason" name="reason" maxlength="500"></textarea>
<button type="submit" name="decision" value="approve">批准 Approve</button>
<button type="submit" name="decision" value="reject">驳回 Reject</button></form>
<p class="note">链接有效期至 ${escapeHtml(expires)} UTC · This link expires ${escapeHtml(expires)} UTC.</p>`,
  );
}

const RESULT_TEXT = {
  recorded: ['已记录您的决定', 'Your decision is recorded'],
  'already-decided': ['此申请已审批，未做更改', 'This claim was already decided; nothing was changed'],
  expired: ['此链接已过期', 'This link has expired'],
  closed: ['此申请已不在审批中', 'This claim is no longer awaiting approval'],
} as const;

/** The page after a POST, or for a link that can no longer be used. */
export function resultPage(result: keyof typeof RESULT_TEXT, data: ApprovalPageData): string {
  const [zh, en] = RESULT_TEXT[result];
  const decision = data.decision
    ? `<p class="${data.decision.decision === 'approve' ? 'ok' : 'no'}">${data.decision.decision === 'approve' ? '批准 Approved' : '驳回 Rejected'} · ${escapeHtml(data.decision.decidedAt.slice(0, 16).replace('T', ' '))} UTC${data.decision.reason ? ` · ${escapeHtml(data.decision.reason)}` : ''}</p>`
    : '';
  return page(
    `${zh} ${en}`,
    `<h1>${escapeHtml(zh)}<br><small>${escapeHtml(en)}</small></h1>${decision}${summary(data)}`,
  );
}

export function notFoundPage(): string {
  return page(
    '链接无效 Link not valid',
    '<h1>链接无效<br><small>This link is not valid</small></h1><p>请核对短信或邮件中的链接。Check the link in your message.</p>',
  );
}
