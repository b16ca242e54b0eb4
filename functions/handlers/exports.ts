import type { HttpEvent, HttpResult } from '../http/http-handler.ts';
import { lazyChain } from '../logging/lazy-chain.ts';
import { loadOnce } from '../step/load-once.ts';
import { exportDeps } from '../wiring.ts';

/** The export use case, loaded on the first request (not parsed at import). */
const exportUseCase = loadOnce(() => import('../usecases/evaluation-export.ts'));

/**
 * POST /exports {year, month?} · GET /exports · GET /exports/{exportId} (auditors and admins). middy, the
 * problems and the request helpers are loaded on the first request, not at import.
 */
export const handler = lazyChain<HttpEvent, HttpResult>(async () => {
  const [{ default: middy }, { httpProblems }, { identityOf, jsonBody }, { json }] = await Promise.all([
    import('@middy/core'),
    import('../http/problems-middleware.ts'),
    import('../http/request.ts'),
    import('../http/responses.ts'),
  ]);
  return middy<HttpEvent, HttpResult>()
    .use(httpProblems())
    .handler(async (event) => {
      const { getExport, listExports, requestExport } = await exportUseCase();
      const deps = await exportDeps();
      const identity = identityOf(event);
      const exportId = event.pathParameters?.exportId;
      if (event.requestContext.http.method === 'POST') {
        const accepted = await requestExport(deps, { identity, body: jsonBody(event) });
        return json(202, accepted, { location: accepted.statusUrl });
      }
      if (exportId !== undefined) return json(200, await getExport(deps, { identity, exportId }));
      return json(200, await listExports(deps, identity));
    });
});
