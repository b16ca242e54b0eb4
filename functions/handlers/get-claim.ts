import { httpHandler } from '../http/http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { getClaim } from '../usecases/get-claim.ts';
import { claims, registry } from '../wiring.ts';

/** GET /claims/{claimId} → status, amounts in fen, reasons and timeline. */
export const handler = httpHandler(
  async (deps, event) =>
    json(
      200,
      await getClaim(deps, { identity: identityOf(event), claimId: event.pathParameters?.claimId ?? '' }),
    ),
  { claims, registry },
);
