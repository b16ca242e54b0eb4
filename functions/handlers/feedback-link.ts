import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { feedback, linkBaseUrl, linkKey, now } from '../wiring.ts';

/**
 * GET /f/{token}: the satisfaction page (no change); HEAD: the same without its body. POST: a 1–5
 * rating and a comment, once.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ answer }, { withoutBodyOnHead }] = await Promise.all([
      import('../http/feedback-link-route.ts'),
      import('../http/link-page.ts'),
    ]);
    return async (deps, event) => withoutBodyOnHead(event, await answer(deps, event));
  },
  { feedback, linkBaseUrl, linkKey, now },
);
