import middy from '@middy/core';
import type { HttpEvent, HttpResult } from '../http/http-handler.ts';
import { httpProblems } from '../http/problems-middleware.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { loadOnce } from '../step/load-once.ts';
import { exportDeps } from '../wiring.ts';

/** The export use case, loaded on the first request (not parsed at import). */
const exportUseCase = loadOnce(() => import('../usecases/evaluation-export.ts'));

/** POST /exports {year, month?} · GET /exports · GET /exports/{exportId} (auditors and admins). */
export const handler = middy<HttpEvent, HttpResult>()
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
