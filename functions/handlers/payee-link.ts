import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { withoutBodyOnHead } from '../http/link-page.ts';
import { claims, linkBaseUrl, linkKey, now, payments, programs, registry, workflow } from '../wiring.ts';

/**
 * GET /p/{token}: the member sees the payee details staff proposed, masked (no change); HEAD: the same
 * without its body. POST: the member confirms them, with the page's form token; the claim is paid again
 * to them. A public function: it is denied the payee partitions and never reads the full details.
 */
export const handler = lazyHttpHandler(
  async () => {
    const { answer } = await import('../http/payee-link-route.ts');
    return async (deps, event) => withoutBodyOnHead(event, await answer(deps, event));
  },
  { claims, linkBaseUrl, linkKey, now, payments, programs, registry, workflow },
);
