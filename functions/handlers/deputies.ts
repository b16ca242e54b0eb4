import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { delegations, now, registry } from '../wiring.ts';

/** PUT · DELETE /approvers/{approverId}/deputy · GET /units/{unitCode}/approvers */
export const handler = lazyHttpHandler(
  async () => {
    const [{ removeDeputy, setDeputy }, { unitApprovers }] = await Promise.all([
      import('../usecases/delegations.ts'),
      import('../usecases/unit-approvers.ts'),
    ]);
    return async (deps, event) => {
      const identity = identityOf(event);
      if (event.requestContext.http.method === 'GET') {
        const unitCode = event.pathParameters?.unitCode ?? '';
        return json(200, await unitApprovers(deps, { identity, unitCode }));
      }
      const approverId = event.pathParameters?.approverId ?? '';
      if (event.requestContext.http.method === 'DELETE') {
        return json(200, await removeDeputy(deps, { identity, approverId }));
      }
      return json(200, await setDeputy(deps, { identity, approverId, body: jsonBody(event) }));
    };
  },
  { delegations, now, registry },
);
