import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { claims, fraud, now, registry, workflow } from '../wiring.ts';

/** GET /fraud/flags?state=OPEN[&review=true][&unitCode=] · POST /fraud/flags/{claimId}/{flagId}/clear|confirm */
export const handler = lazyHttpHandler(
  async () => {
    const { listFlags, resolveFlag } = await import('../usecases/fraud-flags.ts');
    return async (deps, event) => {
      const identity = identityOf(event);
      if (event.requestContext.http.method === 'POST') {
        const action = event.rawPath.split('/').at(-1) ?? '';
        const flag = await resolveFlag(deps, {
          identity,
          claimId: event.pathParameters?.claimId ?? '',
          flagId: event.pathParameters?.flagId ?? '',
          action,
          body: jsonBody(event),
        });
        return json(200, { flag });
      }
      const query = event.queryStringParameters ?? {};
      return json(200, {
        flags: await listFlags(deps, {
          identity,
          state: query.state,
          review: query.review,
          unitCode: query.unitCode,
        }),
      });
    };
  },
  { claims, fraud, now, registry, workflow },
);
