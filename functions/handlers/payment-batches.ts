import { httpHandler } from '../http/http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { cutBatch, downloadBatch } from '../usecases/payment-batches.ts';

/** POST /payment-batches · GET /payment-batches/{batchId} (the bank file, CSV) */
export const handler = httpHandler(async (deps, event) => {
  const identity = identityOf(event);
  if (event.requestContext.http.method === 'POST') {
    const { created, batch } = await cutBatch(deps, { identity, body: jsonBody(event) });
    return json(created ? 201 : 200, batch, { location: batch.file });
  }
  const { fileName, text } = await downloadBatch(deps, {
    identity,
    batchId: event.pathParameters?.batchId ?? '',
  });
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: text,
  };
});
