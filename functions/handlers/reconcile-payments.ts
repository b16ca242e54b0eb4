import { httpHandler } from '../http/http-handler.ts';
import { header, identityOf, rawBody } from '../http/request.ts';
import { json, problemJson } from '../http/responses.ts';
import { HttpProblem, problems } from '../usecases/problem.ts';
import { reconcilePayments } from '../usecases/reconcile-payments.ts';

const CSV_TYPES = /^(text\/(csv|plain|comma-separated-values)|application\/(csv|vnd\.ms-excel))\s*(;|$)/i;

/**
 * POST /payment-batches/reconciliations: the bank's result file (CSV, UTF-8) → the report of what was
 * applied, unchanged and refused. 422 when the file as a whole is refused (nothing applied).
 */
export const handler = httpHandler(async (deps, event) => {
  const identity = identityOf(event);
  if (!identity.roles.includes('admin') && !identity.roles.includes('staff'))
    throw problems.forbidden('bank results are imported by union staff and admins');
  if (!CSV_TYPES.test(header(event, 'content-type') ?? ''))
    throw new HttpProblem(415, 'Unsupported media type', "send the bank's result as text/csv (UTF-8)");
  const text = rawBody(event);
  if (text.trim() === '')
    throw problems.invalid([{ field: '(body)', message: "send the bank's result file" }]);
  const report = await reconcilePayments(deps, { identity, text });
  if (report.fileErrors.length === 0) return json(200, report);
  return problemJson(422, 'The file was refused', { detail: report.fileErrors.join('; '), ...report });
});
