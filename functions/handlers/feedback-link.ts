import { ENV, requireEnv } from '../config.ts';
import type { PageContext } from '../http/approval-page.ts';
import { crossSiteRequest, csrfToken, verifyCsrfToken } from '../http/csrf.ts';
import {
  type FeedbackProblem,
  type FeedbackResult,
  feedbackForm,
  feedbackResultPage,
} from '../http/feedback-page.ts';
import { type HttpEvent, httpHandler } from '../http/http-handler.ts';
import { pickLang } from '../http/i18n.ts';
import { header, rawBody } from '../http/request.ts';
import { html as htmlResponse, json } from '../http/responses.ts';
import { answerFeedback, COMMENT_MAX, type FeedbackState, viewFeedback } from '../usecases/feedback.ts';

function html(statusCode: number, body: string) {
  const response = htmlResponse(statusCode, body);
  return { ...response, headers: { ...response.headers, 'referrer-policy': 'same-origin' } };
}

const STATUS: Record<FeedbackResult, number> = {
  recorded: 200,
  answered: 409,
  expired: 410,
  notFound: 404,
  forbidden: 403,
};

const RESULT_OF: Record<Exclude<FeedbackState, 'open'>, FeedbackResult> = {
  answered: 'answered',
  expired: 'expired',
};

function form(event: HttpEvent): Record<string, string> {
  const text = rawBody(event);
  if (/^application\/json/i.test(header(event, 'content-type') ?? '')) {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            typeof v === 'string' || typeof v === 'number' ? String(v) : '',
          ]),
        );
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** The token's form secret: a prefix keeps it apart from an approval link's. */
const csrfSubject = (token: string) => `feedback:${token}`;

/** GET /f/{token}: the satisfaction page (no change). POST: a 1–5 rating and a comment, once. */
export const handler = httpHandler(async (deps, event) => {
  const token = event.pathParameters?.token ?? '';
  const wantsJson = /application\/json/i.test(header(event, 'accept') ?? '');
  const ctx: PageContext = {
    lang: pickLang(event.queryStringParameters?.lang, header(event, 'accept-language')),
    langSwitch: true,
  };
  const secret = requireEnv(ENV.linkSecret);
  const settled = (result: FeedbackResult) =>
    wantsJson ? json(STATUS[result], { result }) : html(STATUS[result], feedbackResultPage(ctx, result));
  const invalid = (problem: FeedbackProblem, comment: string) =>
    wantsJson
      ? json(400, { result: 'invalid', problem })
      : html(400, feedbackForm(ctx, csrfToken(secret, csrfSubject(token)), problem, comment));

  const view = await viewFeedback(deps, token);
  if (view === null) return settled('notFound');
  const csrf = csrfToken(secret, csrfSubject(view.request.token));

  if (event.requestContext.http.method !== 'POST') {
    if (wantsJson) return json(200, { state: view.state, program: view.request.program, csrf });
    return view.state === 'open' ? html(200, feedbackForm(ctx, csrf)) : settled(RESULT_OF[view.state]);
  }

  const fields = form(event);
  const forged =
    crossSiteRequest({
      origin: header(event, 'origin'),
      secFetchSite: header(event, 'sec-fetch-site'),
      host: header(event, 'host'),
      linkBaseUrl: deps.linkBaseUrl,
    }) || !verifyCsrfToken(secret, csrfSubject(view.request.token), fields.csrf);
  if (forged) return settled('forbidden');
  if (view.state !== 'open') return settled(RESULT_OF[view.state]);

  const comment = (fields.comment ?? '').trim();
  const rating = /^[1-5]$/.test(fields.rating ?? '') ? Number(fields.rating) : null;
  if (rating === null) return invalid('chooseRating', comment);
  if ([...comment].length > COMMENT_MAX) return invalid('tooLong', comment.slice(0, COMMENT_MAX));

  const outcome = await answerFeedback(deps, { token: view.request.token, rating, comment });
  return settled(
    outcome === 'recorded'
      ? 'recorded'
      : outcome === 'already-answered'
        ? 'answered'
        : outcome === 'expired'
          ? 'expired'
          : 'notFound',
  );
});
