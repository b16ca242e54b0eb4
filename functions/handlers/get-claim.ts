import { httpHandler } from '../http/http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { getClaim } from '../usecases/get-claim.ts';
import { claims, documents, now, registry } from '../wiring.ts';

/** GET /claims/{claimId} → status, amounts in fen, reasons, timeline and documents. */
export const handler = httpHandler(
  async (deps, event) =>
    json(
      200,
      await getClaim(deps, { identity: identityOf(event), claimId: event.pathParameters?.claimId ?? '' }),
    ),
  { claims, documents, now, registry },
);
