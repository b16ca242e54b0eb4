import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { claims, now, registry } from '../wiring.ts';

/** GET /claims/{claimId} → status, amounts in fen, reasons, timeline and documents. */
export const handler = lazyHttpHandler(
  async () => {
    const { getClaim } = await import('../usecases/get-claim.ts');
    return async (deps, event) =>
      json(
        200,
        await getClaim(deps, { identity: identityOf(event), claimId: event.pathParameters?.claimId ?? '' }),
      );
  },
  { claims, now, registry },
);
