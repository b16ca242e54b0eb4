import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { claims, linkBaseUrl, linkKey, now, payments, programs, registry, workflow } from '../wiring.ts';

/**
 * GET /p/{token}: the member sees the payee details staff proposed, masked (no change); HEAD: the same
 * without its body. POST: the member confirms them, with the page's form token; the claim is paid again
 * to them. A public function: it is denied the payee partitions and never reads the full details.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ answer }, { withoutBodyOnHead }] = await Promise.all([
      import('../http/payee-link-route.ts'),
      import('../http/link-page.ts'),
    ]);
    return async (deps, event) => withoutBodyOnHead(event, await answer(deps, event));
  },
  { claims, linkBaseUrl, linkKey, now, payments, programs, registry, workflow },
);
