import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { budgets, fundsQueue, registry } from '../wiring.ts';

/** GET /budgets/{unitCode}/{year}/{programId}/waiting */
export const handler = lazyHttpHandler(
  async () => {
    const { listWaiting } = await import('../usecases/awaiting-funds.ts');
    return async (deps, event) => {
      const { unitCode = '', year, programId = '' } = event.pathParameters ?? {};
      return json(200, await listWaiting(deps, { identity: identityOf(event), unitCode, year, programId }));
    };
  },
  { budgets, fundsQueue, registry },
);
