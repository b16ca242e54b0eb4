import type { Deps } from '../usecases/deps.ts';
import { answerFeedback, COMMENT_MAX, type FeedbackState, viewFeedback } from '../usecases/feedback.ts';
import { keys } from '../wiring.ts';
import { csrfToken } from './csrf.ts';
import {
  type FeedbackProblem,
  type FeedbackResult,
  feedbackForm,
  feedbackResultPage,
} from './feedback-page.ts';
import type { HttpEvent } from './http-handler.ts';
import { forgedPost, formFields, linkPage, linkRequest } from './link-page.ts';
import { json, problemJson } from './responses.ts';

const STATUS: Record<FeedbackResult, number> = {
  recorded: 200,
  answered: 409,
  expired: 410,
  notFound: 404,
  forbidden: 403,
};

const TITLES: Record<Exclude<FeedbackResult, 'recorded'>, string> = {
  answered: 'Already answered',
  expired: 'Link expired',
  notFound: 'Not found',
  forbidden: 'Forbidden',
};

const RESULT_OF: Record<Exclude<FeedbackState, 'open'>, FeedbackResult> = {
  answered: 'answered',
  expired: 'expired',
};

/** The token's form secret: a prefix keeps it apart from an approval link's. */
const csrfSubject = (token: string) => `feedback:${token}`;

/** The answer to one request of the feedback link: its page, its JSON, or the recorded rating. */
export async function answer(
  deps: Pick<Deps, 'feedback' | 'now' | 'linkBaseUrl' | 'linkKey'>,
  event: HttpEvent,
) {
  const token = event.pathParameters?.token ?? '';
  const { ctx, wantsJson } = linkRequest(event);
  const secret = await (await keys()).get('feedbackForm');
  const settled = (result: FeedbackResult) =>
    wantsJson
      ? result === 'recorded'
        ? json(STATUS[result], { result })
        : problemJson(STATUS[result], TITLES[result], { result })
      : linkPage(STATUS[result], feedbackResultPage(ctx, result));
  const invalid = (expiresAt: string, problem: FeedbackProblem, comment: string) =>
    wantsJson
      ? problemJson(400, 'Invalid answer', { result: 'invalid', problem })
      : linkPage(400, feedbackForm(ctx, csrfToken(secret, csrfSubject(token)), expiresAt, problem, comment));

  const view = await viewFeedback(deps, token);
  if (view === null) return settled('notFound');
  const csrf = csrfToken(secret, csrfSubject(token));

  if (event.requestContext.http.method !== 'POST') {
    if (wantsJson) return json(200, { state: view.state, program: view.request.program, csrf });
    return view.state === 'open'
      ? linkPage(200, feedbackForm(ctx, csrf, view.request.expiresAt))
      : settled(RESULT_OF[view.state]);
  }

  const fields = formFields(event);
  const forged = forgedPost(event, fields, {
    secret,
    subject: csrfSubject(token),
    linkBaseUrl: deps.linkBaseUrl,
  });
  if (forged) return settled('forbidden');
  if (view.state !== 'open') return settled(RESULT_OF[view.state]);

  const comment = (fields.comment ?? '').trim();
  const rating = /^[1-5]$/.test(fields.rating ?? '') ? Number(fields.rating) : null;
  if (rating === null) return invalid(view.request.expiresAt, 'chooseRating', comment);
  if ([...comment].length > COMMENT_MAX)
    return invalid(view.request.expiresAt, 'tooLong', comment.slice(0, COMMENT_MAX));

  const outcome = await answerFeedback(deps, { token: token, rating, comment });
  return settled(
    outcome === 'recorded'
      ? 'recorded'
      : outcome === 'already-answered'
        ? 'answered'
        : outcome === 'expired'
          ? 'expired'
          : 'notFound',
  );
}
