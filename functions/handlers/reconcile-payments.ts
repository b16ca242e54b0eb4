import { Forbidden, Invalid } from '../domain/errors.ts';
import { HttpError } from '../http/http-error.ts';
import type { HttpEvent } from '../http/http-handler.ts';
import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { header, identityOf, rawBody, uploadReference } from '../http/request.ts';
import { json, problemJson } from '../http/responses.ts';
import {
  claims,
  documentFiles,
  feedback,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  payments,
  registry,
  uploads,
} from '../wiring.ts';

const CSV_TYPES = /^(text\/(csv|plain|comma-separated-values)|application\/(csv|vnd\.ms-excel))\s*(;|$)/i;

/** The bank's result sent as the body (at most 64 KB). */
function inlineFile(event: HttpEvent): string {
  if (!CSV_TYPES.test(header(event, 'content-type') ?? ''))
    throw new HttpError(
      415,
      'Unsupported media type',
      "send the bank's result as text/csv (UTF-8), or {uploadId} of a file sent by POST /uploads as application/json",
    );
  return rawBody(event);
}

/**
 * POST /payment-batches/reconciliations: the bank's result file (CSV, UTF-8), or `{uploadId}` of one sent
 * by `POST /uploads` (purpose `bank-result`; any size up to 50 MiB) → the report of what was
 * applied, unchanged, refused and waiting (202 when RETURNED lines wait for a second person). 422 when
 * the file as a whole is refused (nothing applied).
 * GET /payment-batches/reconciliations/{reconciliationId}: the lines waiting.
 * POST /payment-batches/reconciliations/{reconciliationId}/confirm: another person applies them.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ confirmReconciliation, reconcilePayments, uploadText, viewReconciliation }, { takeUpload }] =
      await Promise.all([import('../usecases/reconcile-payments.ts'), import('../usecases/uploads.ts')]);
    return async (deps, event) => {
      const identity = identityOf(event);
      const reconciliationId = event.pathParameters?.reconciliationId;
      if (reconciliationId !== undefined) {
        if (event.requestContext.http.method === 'GET')
          return json(200, await viewReconciliation(deps, { identity, reconciliationId }));
        return json(200, await confirmReconciliation(deps, { identity, reconciliationId }));
      }
      if (!identity.roles.includes('admin') && !identity.roles.includes('staff'))
        throw new Forbidden('bank results are imported by union staff and admins');
      const body = uploadReference(event);
      const uploadId = body === null ? undefined : String(body.uploadId);
      const text =
        body === null
          ? inlineFile(event)
          : uploadText(await takeUpload(deps, { identity, body, purpose: 'bank-result' }));
      if (text.trim() === '')
        throw new Invalid([{ field: '(body)', message: "send the bank's result file" }]);
      const report = await reconcilePayments(deps, {
        identity,
        text,
        channel: { kind: 'api' },
        ...(uploadId === undefined ? {} : { uploadId }),
      });
      if (report.fileErrors.length === 0) return json(report.reconciliationId === null ? 200 : 202, report);
      return problemJson(422, 'The file was refused', { detail: report.fileErrors.join('; '), ...report });
    };
  },
  { claims, documentFiles, feedback, linkBaseUrl, linkKey, notifier, now, payments, registry, uploads },
);
