import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { delegations, now, registry } from '../wiring.ts';

/** PUT · DELETE /approvers/{approverId}/deputy */
export const handler = lazyHttpHandler(
  async () => {
    const { removeDeputy, setDeputy } = await import('../usecases/delegations.ts');
    return async (deps, event) => {
      const identity = identityOf(event);
      const approverId = event.pathParameters?.approverId ?? '';
      if (event.requestContext.http.method === 'DELETE') {
        return json(200, await removeDeputy(deps, { identity, approverId }));
      }
      return json(200, await setDeputy(deps, { identity, approverId, body: jsonBody(event) }));
    };
  },
  { delegations, now, registry },
);
