import { approvalForm, notFoundPage, resultPage } from '../http/approval-page.ts';
import { httpHandler } from '../http/http-handler.ts';
import { header, rawBody } from '../http/request.ts';
import { html, json } from '../http/responses.ts';
import { decideApproval, viewApproval } from '../usecases/approval-link.ts';

const STATUS = { recorded: 200, 'already-decided': 409, closed: 409, expired: 410 } as const;

function form(event: Parameters<Parameters<typeof httpHandler>[0]>[1]): Record<string, string> {
  const text = rawBody(event);
  if (/^application\/json/i.test(header(event, 'content-type') ?? '')) {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** GET /a/{linkId}: the confirmation page (no change). POST: approve or reject once. */
export const handler = httpHandler(async (deps, event) => {
  const linkId = event.pathParameters?.linkId ?? '';
  const wantsJson = /application\/json/i.test(header(event, 'accept') ?? '');
  if (event.requestContext.http.method !== 'POST') {
    const data = await viewApproval(deps, linkId);
    if (data === null) return html(404, notFoundPage());
    return data.state === 'pending'
      ? html(200, approvalForm(data))
      : html(
          STATUS[data.state === 'decided' ? 'already-decided' : data.state],
          resultPage(data.state === 'decided' ? 'already-decided' : data.state, data),
        );
  }

  const fields = form(event);
  const decision = fields.decision;
  const reason = (fields.reason ?? '').trim().slice(0, 500);
  const invalid =
    decision !== 'approve' && decision !== 'reject'
      ? '请选择批准或驳回 Choose approve or reject'
      : decision === 'reject' && reason.length < 2
        ? '驳回须填写理由 A rejection needs a reason'
        : null;
  if (invalid !== null || (decision !== 'approve' && decision !== 'reject')) {
    const data = await viewApproval(deps, linkId);
    if (data === null) return html(404, notFoundPage());
    return wantsJson
      ? json(
          400,
          { title: 'Invalid decision', status: 400, detail: invalid },
          { 'content-type': 'application/problem+json' },
        )
      : html(400, approvalForm(data, invalid ?? undefined));
  }

  const outcome = await decideApproval(deps, { linkId, decision, reason });
  if (outcome.result === 'not-found') {
    return wantsJson ? json(404, { title: 'Not found', status: 404 }) : html(404, notFoundPage());
  }
  const status = STATUS[outcome.result];
  if (wantsJson) {
    return json(status, {
      result: outcome.result,
      claimId: outcome.page.claim.claimId,
      decision: outcome.page.decision,
    });
  }
  return html(status, resultPage(outcome.result, outcome.page));
});
