import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { claimList, now, programs, registry } from '../wiring.ts';

/** GET /claims?status=&programId=&unitCode=&from=&to=&cursor=&limit= */
export const handler = lazyHttpHandler(
  async () => {
    const { listClaims } = await import('../usecases/list-claims.ts');
    return async (deps, event) =>
      json(
        200,
        await listClaims(deps, { identity: identityOf(event), query: event.queryStringParameters ?? {} }),
      );
  },
  { claimList, now, programs, registry },
);
