import { httpHandler } from '../http/http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { readPlanFigures } from '../usecases/plan-figures.ts';
import { now, planFigures, registry } from '../wiring.ts';

/** GET /plan-figures?year=&unitCode=: the home page's figures, from the hourly snapshot. */
export const handler = httpHandler(
  async (deps, event) =>
    json(
      200,
      await readPlanFigures(deps, { identity: identityOf(event), query: event.queryStringParameters ?? {} }),
    ),
  { now, planFigures, registry },
);
