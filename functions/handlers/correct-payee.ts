import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import {
  claims,
  linkBaseUrl,
  notifier,
  now,
  payeeKey,
  payments,
  programs,
  registry,
  workflow,
} from '../wiring.ts';

/**
 * GET /claims/{claimId}/payee: the claim's payee (masked), its pending change and their history.
 * PUT /claims/{claimId}/payee: new bank details after a returned payout (the member's take effect; staff's
 * wait for a second person). POST /claims/{claimId}/payee/{changeId}/confirm: another staff person
 * confirms staff's change; the claim is paid again.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ confirmPayeeChange, correctPayee }, { readPayee }] = await Promise.all([
      import('../usecases/payee-correction.ts'),
      import('../usecases/payee-view.ts'),
    ]);
    return async (deps, event) => {
      const identity = identityOf(event);
      const claimId = event.pathParameters?.claimId ?? '';
      if (event.requestContext.http.method === 'GET') {
        return json(200, await readPayee(deps, { identity, claimId }));
      }
      const result =
        event.requestContext.http.method === 'POST'
          ? await confirmPayeeChange(deps, {
              identity,
              claimId,
              changeId: event.pathParameters?.changeId ?? '',
            })
          : await correctPayee(deps, { identity, claimId, body: jsonBody(event) });
      return json(202, result, { location: result.statusUrl });
    };
  },
  { claims, linkBaseUrl, notifier, now, payeeKey, payments, programs, registry, workflow },
);
