import type { Deps } from '../usecases/deps.ts';
import { confirmPayeeLink, viewPayeeLink } from '../usecases/payee-correction.ts';
import { keys } from '../wiring.ts';
import { csrfToken } from './csrf.ts';
import type { HttpEvent } from './http-handler.ts';
import { forgedPost, formFields, linkPage, linkRequest } from './link-page.ts';
import { type PayeePageResult, payeeForm, payeeResultPage } from './payee-page.ts';
import { json, problemJson } from './responses.ts';

const STATUS: Record<PayeePageResult, number> = {
  confirmed: 200,
  closed: 409,
  expired: 410,
  notFound: 404,
  forbidden: 403,
};

/** The token's form secret: a prefix keeps it apart from the other links'. */
const csrfSubject = (token: string) => `payee:${token}`;

/** The answer to one request of the link: its page, its JSON, or the recorded decision. */
export async function answer(
  deps: Pick<
    Deps,
    'claims' | 'registry' | 'programs' | 'workflow' | 'now' | 'payments' | 'linkBaseUrl' | 'linkKey'
  >,
  event: HttpEvent,
) {
  const token = event.pathParameters?.token ?? '';
  const { ctx, wantsJson } = linkRequest(event);
  // The member's pages (satisfaction, payee confirmation) share the member-page form key.
  const secret = await (await keys()).get('feedbackForm');
  const settled = (result: PayeePageResult) =>
    wantsJson
      ? result === 'confirmed'
        ? json(200, { result })
        : problemJson(STATUS[result], result, { result })
      : linkPage(STATUS[result], payeeResultPage(ctx, result));

  const view = await viewPayeeLink(deps, token);
  if (view === null) return settled('notFound');
  const csrf = csrfToken(secret, csrfSubject(token));
  if (event.requestContext.http.method !== 'POST') {
    if (wantsJson) return json(200, { ...view, csrf });
    return view.state === 'open' ? linkPage(200, payeeForm(ctx, view, csrf)) : settled(view.state);
  }
  const forged = forgedPost(event, formFields(event), {
    secret,
    subject: csrfSubject(token),
    linkBaseUrl: deps.linkBaseUrl,
  });
  if (forged) return settled('forbidden');
  const outcome = await confirmPayeeLink(deps, token);
  return settled(outcome === 'not-found' ? 'notFound' : outcome === 'open' ? 'closed' : outcome);
}
