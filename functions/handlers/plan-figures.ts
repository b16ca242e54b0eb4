import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { now, planFigures, registry } from '../wiring.ts';

/** GET /plan-figures?year=&unitCode=: the home page's figures, from the hourly snapshot. */
export const handler = lazyHttpHandler(
  async () => {
    const { readPlanFigures } = await import('../usecases/plan-figures.ts');
    return async (deps, event) =>
      json(
        200,
        await readPlanFigures(deps, {
          identity: identityOf(event),
          query: event.queryStringParameters ?? {},
        }),
      );
  },
  { now, planFigures, registry },
);
