import type { HttpEvent, HttpResult } from '../http/http-handler.ts';
import { lazyChain } from '../logging/lazy-chain.ts';
import { exportDeps, keys } from '../wiring.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * GET /exports/{exportId}/files/{name}?expires=…&sig=…: a file of an export, by a signed link that
 * expires (the local stand-in for an S3 presigned URL; no token needed, the signature is the access).
 */
export const handler = lazyChain<HttpEvent, HttpResult>(async () => {
  // middy, the problems, the errors and the link check are loaded on the first request, not at import.
  const [{ default: middy }, { httpProblems }, { Forbidden, Gone, NotFound }, { downloadLinkValid }] =
    await Promise.all([
      import('@middy/core'),
      import('../http/problems-middleware.ts'),
      import('../domain/errors.ts'),
      import('../domain/evaluation/download-link.ts'),
    ]);
  return middy<HttpEvent, HttpResult>()
    .use(httpProblems())
    .handler(async (event) => {
      const { exportId = '', name = '' } = event.pathParameters ?? {};
      const query = event.queryStringParameters ?? {};
      const expires = Number(query.expires);
      const verdict = downloadLinkValid(
        await (await keys()).get('exportDownload'),
        { exportId, name, expires: Number.isSafeInteger(expires) ? expires : 0, sig: query.sig ?? '' },
        new Date(),
      );
      if (verdict === 'forged') throw new Forbidden('the download link is not valid');
      if (verdict === 'expired') throw new Gone('the download link has expired; ask for a new one');
      const bytes = await (await exportDeps()).files.read(exportId, name);
      if (bytes === null) throw new NotFound(`no file ${name} in export ${exportId}`);
      const extension = name.slice(name.lastIndexOf('.') + 1);
      return {
        statusCode: 200,
        headers: {
          'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
          'content-disposition': `attachment; filename="${name}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        },
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      };
    });
});
