import { Forbidden, Invalid } from '../domain/errors.ts';
import { HttpError } from '../http/http-error.ts';
import { httpHandler } from '../http/http-handler.ts';
import { header, identityOf, rawBody } from '../http/request.ts';
import { json, problemJson } from '../http/responses.ts';
import {
  confirmReconciliation,
  reconcilePayments,
  viewReconciliation,
} from '../usecases/reconcile-payments.ts';
import { claims, feedback, linkBaseUrl, linkKey, notifier, now, payments, registry } from '../wiring.ts';

const CSV_TYPES = /^(text\/(csv|plain|comma-separated-values)|application\/(csv|vnd\.ms-excel))\s*(;|$)/i;

/**
 * POST /payment-batches/reconciliations: the bank's result file (CSV, UTF-8) → the report of what was
 * applied, unchanged, refused and waiting (202 when RETURNED lines wait for a second person). 422 when
 * the file as a whole is refused (nothing applied).
 * GET /payment-batches/reconciliations/{reconciliationId}: the lines waiting.
 * POST /payment-batches/reconciliations/{reconciliationId}/confirm: another person applies them.
 */
export const handler = httpHandler(
  async (deps, event) => {
    const identity = identityOf(event);
    const reconciliationId = event.pathParameters?.reconciliationId;
    if (reconciliationId !== undefined) {
      if (event.requestContext.http.method === 'GET')
        return json(200, await viewReconciliation(deps, { identity, reconciliationId }));
      return json(200, await confirmReconciliation(deps, { identity, reconciliationId }));
    }
    if (!identity.roles.includes('admin') && !identity.roles.includes('staff'))
      throw new Forbidden('bank results are imported by union staff and admins');
    if (!CSV_TYPES.test(header(event, 'content-type') ?? ''))
      throw new HttpError(415, 'Unsupported media type', "send the bank's result as text/csv (UTF-8)");
    const text = rawBody(event);
    if (text.trim() === '') throw new Invalid([{ field: '(body)', message: "send the bank's result file" }]);
    const report = await reconcilePayments(deps, { identity, text, channel: { kind: 'api' } });
    if (report.fileErrors.length === 0) return json(report.reconciliationId === null ? 200 : 202, report);
    return problemJson(422, 'The file was refused', { detail: report.fileErrors.join('; '), ...report });
  },
  { claims, feedback, linkBaseUrl, linkKey, notifier, now, payments, registry },
);
