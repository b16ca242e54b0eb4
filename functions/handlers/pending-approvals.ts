import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { claims, linkBaseUrl, linkKey, now, registry } from '../wiring.ts';

/** GET /approvals → the caller's open approval requests, each with its link and whom it was assigned to. */
export const handler = lazyHttpHandler(
  async () => {
    const { pendingApprovals } = await import('../usecases/pending-approvals.ts');
    return async (deps, event) => json(200, await pendingApprovals(deps, { identity: identityOf(event) }));
  },
  { claims, linkBaseUrl, linkKey, now, registry },
);
