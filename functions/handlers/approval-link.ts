import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import {
  claims,
  delegations,
  documents,
  documentViewOrigin,
  fraud,
  linkBaseUrl,
  linkKey,
  now,
  registry,
  workflow,
} from '../wiring.ts';

/**
 * GET /a/{linkId}: the confirmation page (no change); HEAD: the same answer without its body (mail
 * scanners check links with HEAD). POST: approve or reject once, with the form token.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ answer }, { withoutBodyOnHead }] = await Promise.all([
      import('../http/approval-link-route.ts'),
      import('../http/link-page.ts'),
    ]);
    return async (deps, event) => withoutBodyOnHead(event, await answer(deps, event));
  },
  {
    claims,
    delegations,
    documents,
    documentViewOrigin,
    fraud,
    linkBaseUrl,
    linkKey,
    now,
    registry,
    workflow,
  },
);
