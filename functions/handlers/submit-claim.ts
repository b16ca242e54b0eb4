import { httpHandler } from '../http/http-handler.ts';
import { header, identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { tagClaim } from '../logging/context.ts';
import { submitClaim } from '../usecases/submit-claim.ts';
import { claims, now, payeeKey, programs, registry, workflow } from '../wiring.ts';

/** POST /claims → 202 {claimId, status, statusUrl}. */
export const handler = httpHandler(
  async (deps, event) => {
    const identity = identityOf(event);
    const result = await submitClaim(deps, {
      identity,
      idempotencyKey: header(event, 'idempotency-key'),
      body: jsonBody(event),
    });
    tagClaim(result.claimId);
    const { created: _created, ...body } = result;
    return json(202, body, { location: result.statusUrl });
  },
  { claims, now, payeeKey, programs, registry, workflow },
);
