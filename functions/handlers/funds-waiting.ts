import { httpHandler } from '../http/http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { listWaiting } from '../usecases/awaiting-funds.ts';
import { budgets, fundsQueue, registry } from '../wiring.ts';

/** GET /budgets/{unitCode}/{year}/{programId}/waiting */
export const handler = httpHandler(
  async (deps, event) => {
    const { unitCode = '', year, programId = '' } = event.pathParameters ?? {};
    return json(200, await listWaiting(deps, { identity: identityOf(event), unitCode, year, programId }));
  },
  { budgets, fundsQueue, registry },
);
