import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { header, identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { feedback, linkBaseUrl, linkKey, notifier, now, programs, registry, visits } from '../wiring.ts';

/** POST /service-visits → 201 {visitId} (200 for a repeat with the same Idempotency-Key). */
export const handler = lazyHttpHandler(
  async () => {
    const { recordServiceVisit } = await import('../usecases/service-visits.ts');
    return async (deps, event) => {
      const result = await recordServiceVisit(deps, {
        identity: identityOf(event),
        idempotencyKey: header(event, 'idempotency-key'),
        body: jsonBody(event),
      });
      return json(result.created ? 201 : 200, { visitId: result.visitId });
    };
  },
  { feedback, linkBaseUrl, linkKey, notifier, now, programs, registry, visits },
);
