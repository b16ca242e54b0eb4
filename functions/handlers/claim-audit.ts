import { httpHandler } from '../http/http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { claimAudit } from '../usecases/claim-audit.ts';
import { auditArchive, claims, now, registry } from '../wiring.ts';

/** GET /claims/{claimId}/audit → the claim's hash-chained audit events and whether the chain verifies. */
export const handler = httpHandler(
  async (deps, event) =>
    json(
      200,
      await claimAudit(deps, { identity: identityOf(event), claimId: event.pathParameters?.claimId ?? '' }),
    ),
  { auditArchive, claims, now, registry },
);
