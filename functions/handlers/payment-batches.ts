import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { header, identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { auditArchive, batchList, budgets, claims, now, payeeKey, payments, registry } from '../wiring.ts';

/** POST /payment-batches · GET /payment-batches (the list) · GET /payment-batches/{batchId}: the bank file (CSV), or its lines' state (JSON) */
export const handler = lazyHttpHandler(
  async () => {
    const [{ listPaymentBatches }, { batchStatus, cutBatch, downloadBatch }] = await Promise.all([
      import('../usecases/list-payment-batches.ts'),
      import('../usecases/payment-batches.ts'),
    ]);
    return async (deps, event) => {
      const identity = identityOf(event);
      if (event.requestContext.http.method === 'POST') {
        const { created, batch, refused } = await cutBatch(deps, { identity, body: jsonBody(event) });
        return json(created ? 201 : 200, { ...batch, refused }, { location: batch.file });
      }
      const batchId = event.pathParameters?.batchId;
      if (batchId === undefined) {
        return json(
          200,
          await listPaymentBatches(deps, { identity, query: event.queryStringParameters ?? {} }),
        );
      }
      if (/^application\/json\b/i.test(header(event, 'accept') ?? '')) {
        return json(200, await batchStatus(deps, { identity, batchId }));
      }
      const { fileName, text } = await downloadBatch(deps, { identity, batchId });
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
    };
  },
  { auditArchive, batchList, budgets, claims, now, payeeKey, payments, registry },
);
