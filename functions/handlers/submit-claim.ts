import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { header, identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { tagClaim } from '../logging/context.ts';
import { claims, now, payeeKey, programs, registry, workflow } from '../wiring.ts';

/** POST /claims → 202 {claimId, status, statusUrl}. */
export const handler = lazyHttpHandler(
  async () => {
    const { submitClaim } = await import('../usecases/submit-claim.ts');
    return async (deps, event) => {
      const identity = identityOf(event);
      const result = await submitClaim(deps, {
        identity,
        idempotencyKey: header(event, 'idempotency-key'),
        body: jsonBody(event),
      });
      tagClaim(result.claimId);
      const { created: _created, ...body } = result;
      return json(202, body, { location: result.statusUrl });
    };
  },
  { claims, now, payeeKey, programs, registry, workflow },
);
