import { httpHandler } from '../http/http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { correctPayee } from '../usecases/payee-correction.ts';

/** PUT /claims/{claimId}/payee: corrected bank details after a returned payout; the claim is paid again. */
export const handler = httpHandler(async (deps, event) => {
  const result = await correctPayee(deps, {
    identity: identityOf(event),
    claimId: event.pathParameters?.claimId ?? '',
    body: jsonBody(event),
  });
  return json(202, result, { location: result.statusUrl });
});
