import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { budgets, claims, fundsQueue, now, programs, registry, workflow } from '../wiring.ts';

/** GET /budgets/{unitCode}/{year} · PUT /budgets/{unitCode}/{year}/{programId} */
export const handler = lazyHttpHandler(
  async () => {
    const { getBudgets, setBudget } = await import('../usecases/budgets.ts');
    return async (deps, event) => {
      const identity = identityOf(event);
      const { unitCode = '', year, programId = '' } = event.pathParameters ?? {};
      if (event.requestContext.http.method === 'PUT') {
        return json(
          200,
          await setBudget(deps, { identity, unitCode, year, programId, body: jsonBody(event) }),
        );
      }
      return json(200, await getBudgets(deps, { identity, unitCode, year }));
    };
  },
  { budgets, claims, fundsQueue, now, programs, registry, workflow },
);
