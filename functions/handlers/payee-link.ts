import { csrfToken } from '../http/csrf.ts';
import { type HttpEvent, httpHandler } from '../http/http-handler.ts';
import { forgedPost, formFields, linkPage, linkRequest, withoutBodyOnHead } from '../http/link-page.ts';
import { type PayeePageResult, payeeForm, payeeResultPage } from '../http/payee-page.ts';
import { json, problemJson } from '../http/responses.ts';
import type { Deps } from '../usecases/deps.ts';
import { confirmPayeeLink, viewPayeeLink } from '../usecases/payee-correction.ts';
import {
  claims,
  keys,
  linkBaseUrl,
  linkKey,
  now,
  payments,
  programs,
  registry,
  workflow,
} from '../wiring.ts';

const STATUS: Record<PayeePageResult, number> = {
  confirmed: 200,
  closed: 409,
  expired: 410,
  notFound: 404,
  forbidden: 403,
};

/** The token's form secret: a prefix keeps it apart from the other links'. */
const csrfSubject = (token: string) => `payee:${token}`;

/**
 * GET /p/{token}: the member sees the payee details staff proposed, masked (no change); HEAD: the same
 * without its body. POST: the member confirms them, with the page's form token; the claim is paid again
 * to them. A public function: it is denied the payee partitions and never reads the full details.
 */
export const handler = httpHandler(
  async (deps, event) => withoutBodyOnHead(event, await answer(deps, event)),
  { claims, linkBaseUrl, linkKey, now, payments, programs, registry, workflow },
);

async function answer(
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
