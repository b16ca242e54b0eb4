import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { auditArchive, claims, now, registry } from '../wiring.ts';

/** GET /claims/{claimId}/audit → the claim's hash-chained audit events and whether the chain verifies. */
export const handler = lazyHttpHandler(
  async () => {
    const { claimAudit } = await import('../usecases/claim-audit.ts');
    return async (deps, event) =>
      json(
        200,
        await claimAudit(deps, { identity: identityOf(event), claimId: event.pathParameters?.claimId ?? '' }),
      );
  },
  { auditArchive, claims, now, registry },
);
