import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { keys, now, registry } from '../wiring.ts';

/** GET /members?idNumber= → the member's id, masked fields and standing (audited). */
export const handler = lazyHttpHandler(
  async () => {
    const { lookUpMember } = await import('../usecases/member-lookup.ts');
    return async (deps, event) =>
      json(
        200,
        await lookUpMember(deps, {
          identity: identityOf(event),
          idNumber: event.queryStringParameters?.idNumber,
          hashKey: await (await keys()).get('idNumberHash'),
        }),
      );
  },
  { now, registry },
);
