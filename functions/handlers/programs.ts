import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { now, programs } from '../wiring.ts';

/** GET /programs · POST /programs/{programId}/versions · POST|DELETE /programs/{programId}/retire */
export const handler = lazyHttpHandler(
  async () => {
    const { addProgramVersion, listPrograms, retireProgram, withdrawRetirement } = await import(
      '../usecases/programs.ts'
    );
    return async (deps, event) => {
      const identity = identityOf(event);
      const programId = event.pathParameters?.programId ?? '';
      switch (event.routeKey) {
        case 'POST /programs/{programId}/versions':
          return json(201, await addProgramVersion(deps, { identity, programId, body: jsonBody(event) }));
        case 'POST /programs/{programId}/retire':
          return json(201, await retireProgram(deps, { identity, programId, body: jsonBody(event) }));
        case 'DELETE /programs/{programId}/retire':
          return json(200, await withdrawRetirement(deps, { identity, programId, body: jsonBody(event) }));
        default:
          return json(200, { programs: await listPrograms(deps) });
      }
    };
  },
  { now, programs },
);
