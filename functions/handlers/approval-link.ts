import { ENV, requireEnv } from '../config.ts';
import {
  approvalForm,
  forbiddenPage,
  notFoundPage,
  type PageContext,
  type ResultKind,
  resultPage,
} from '../http/approval-page.ts';
import { crossSiteRequest, csrfToken, verifyCsrfToken } from '../http/csrf.ts';
import { type HttpEvent, httpHandler } from '../http/http-handler.ts';
import { MESSAGES, pickLang } from '../http/i18n.ts';
import { header, rawBody } from '../http/request.ts';
import { html as htmlResponse, json } from '../http/responses.ts';
import { type ApprovalPageData, decideApproval, viewApproval } from '../usecases/approval-link.ts';

/**
 * An approval page. `same-origin` instead of `no-referrer`: the link never leaves in a Referer to
 * another site, while the browser still sends the page's real `Origin` with its form (under
 * `no-referrer` it sends `Origin: null`, which the POST check refuses).
 */
function html(statusCode: number, body: string) {
  const response = htmlResponse(statusCode, body);
  return { ...response, headers: { ...response.headers, 'referrer-policy': 'same-origin' } };
}

const STATUS = { recorded: 200, 'already-decided': 409, closed: 409, expired: 410 } as const;

function form(event: HttpEvent): Record<string, string> {
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

function problem(status: number, title: string, detail?: string) {
  return json(
    status,
    { title, status, ...(detail === undefined ? {} : { detail }) },
    {
      'content-type': 'application/problem+json',
    },
  );
}

function stateResult(data: ApprovalPageData): ResultKind | null {
  return data.state === 'pending' ? null : data.state === 'decided' ? 'already-decided' : data.state;
}

/** What a script sees of a link: the claim's summary and the form token it must POST back. */
function jsonSummary(data: ApprovalPageData, csrf: string) {
  const { claim } = data;
  return {
    linkId: data.linkId,
    state: data.state,
    claimId: claim.claimId,
    program: claim.program,
    benefit: claim.benefit,
    amountFen: claim.rules?.passed ? claim.rules.amountFen : null,
    level: data.level,
    levels: data.levels,
    expiresAt: data.expiresAt,
    decision: data.decision,
    earlier: data.earlier,
    csrf,
  };
}

/** GET /a/{linkId}: the confirmation page (no change). POST: approve or reject once, with the form token. */
export const handler = httpHandler(async (deps, event) => {
  const linkId = event.pathParameters?.linkId ?? '';
  const wantsJson = /application\/json/i.test(header(event, 'accept') ?? '');
  const ctx: PageContext = {
    lang: pickLang(event.queryStringParameters?.lang, header(event, 'accept-language')),
    langSwitch: true,
  };
  const secret = requireEnv(ENV.linkSecret);
  const notFound = () => (wantsJson ? problem(404, 'Not found') : html(404, notFoundPage(ctx)));
  const settled = (result: ResultKind, data: ApprovalPageData) =>
    wantsJson
      ? json(STATUS[result], { result, claimId: data.claim.claimId, decision: data.decision })
      : html(STATUS[result], resultPage(ctx, result, data));

  if (event.requestContext.http.method !== 'POST') {
    const data = await viewApproval(deps, linkId);
    if (data === null) return notFound();
    const csrf = csrfToken(secret, data.linkId);
    if (wantsJson) return json(200, jsonSummary(data, csrf));
    const result = stateResult(data);
    return result === null ? html(200, approvalForm(ctx, data, csrf)) : settled(result, data);
  }

  const data = await viewApproval(deps, linkId);
  if (data === null) return notFound();
  const fields = form(event);
  const forged =
    crossSiteRequest({
      origin: header(event, 'origin'),
      secFetchSite: header(event, 'sec-fetch-site'),
      host: header(event, 'host'),
      linkBaseUrl: deps.linkBaseUrl,
    }) || !verifyCsrfToken(secret, data.linkId, fields.csrf);
  if (forged) {
    return wantsJson
      ? problem(
          403,
          'Forbidden',
          'the form token (csrf) is missing or wrong, or the request came from another site',
        )
      : html(403, forbiddenPage(ctx));
  }

  const decision = fields.decision;
  const reason = (fields.reason ?? '').trim().slice(0, 500);
  const invalid =
    decision !== 'approve' && decision !== 'reject'
      ? 'chooseDecision'
      : decision === 'reject' && reason.length < 2
        ? 'needReason'
        : null;
  if (invalid !== null || (decision !== 'approve' && decision !== 'reject')) {
    const result = stateResult(data);
    if (result !== null) return settled(result, data);
    const key = invalid ?? 'chooseDecision';
    return wantsJson
      ? problem(400, 'Invalid decision', MESSAGES.en[key])
      : html(400, approvalForm(ctx, data, csrfToken(secret, data.linkId), key));
  }

  const outcome = await decideApproval(deps, { linkId: data.linkId, decision, reason });
  if (outcome.result === 'not-found') return notFound();
  return settled(outcome.result, outcome.page);
});
