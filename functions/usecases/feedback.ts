import { isLinkToken, linkHash } from '../domain/ids.ts';
import type { FeedbackRequest } from '../ports/feedback-store.ts';
import type { Deps } from './deps.ts';

export type FeedbackState = 'open' | 'answered' | 'expired';

export interface FeedbackView {
  readonly request: FeedbackRequest;
  readonly state: FeedbackState;
}

export const COMMENT_MAX = 500;

function stateOf(request: FeedbackRequest, now: Date): FeedbackState {
  if (request.rating !== undefined) return 'answered';
  return Date.parse(request.expiresAt) <= now.getTime() ? 'expired' : 'open';
}

/** GET /f/{token}: the link and whether it can still be answered; null for an unknown token. */
export async function viewFeedback(
  deps: Pick<Deps, 'feedback' | 'now'>,
  token: string,
): Promise<FeedbackView | null> {
  if (!isLinkToken(token)) return null;
  const request = await deps.feedback.get(linkHash(token));
  return request === null ? null : { request, state: stateOf(request, deps.now()) };
}

export type AnswerResult = 'recorded' | 'already-answered' | 'expired' | 'not-found';

/** POST /f/{token}: records a 1–5 rating and an optional comment once (the first answer stays). */
export async function answerFeedback(
  deps: Pick<Deps, 'feedback' | 'now'>,
  input: { token: string; rating: number; comment: string },
): Promise<AnswerResult> {
  const view = await viewFeedback(deps, input.token);
  if (view === null) return 'not-found';
  if (view.state === 'answered') return 'already-answered';
  if (view.state === 'expired') return 'expired';
  const recorded = await deps.feedback.answer(linkHash(input.token), {
    rating: input.rating,
    comment: input.comment.slice(0, COMMENT_MAX),
    answeredAt: deps.now().toISOString(),
  });
  return recorded ? 'recorded' : 'already-answered';
}

/** The answered ratings of a program's year, for the evaluation export. */
export function listProgramRatings(
  deps: Pick<Deps, 'feedback'>,
  program: string,
  year: number,
): Promise<FeedbackRequest[]> {
  return deps.feedback.listRatings(program, year);
}
