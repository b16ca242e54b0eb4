import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { withoutBodyOnHead } from '../http/link-page.ts';
import { feedback, linkBaseUrl, linkKey, now } from '../wiring.ts';

/**
 * GET /f/{token}: the satisfaction page (no change); HEAD: the same without its body. POST: a 1–5
 * rating and a comment, once.
 */
export const handler = lazyHttpHandler(
  async () => {
    const { answer } = await import('../http/feedback-link-route.ts');
    return async (deps, event) => withoutBodyOnHead(event, await answer(deps, event));
  },
  { feedback, linkBaseUrl, linkKey, now },
);
