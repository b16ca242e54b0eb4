import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { claims, documentFiles, documents, now, programs, registry, uploads } from '../wiring.ts';

/**
 * POST /claims/{claimId}/documents {kind, contentType, bytes, sha256} → 201 an upload form (a presigned
 * S3 POST │ the local upload endpoint) that takes exactly the declared file.
 * POST /uploads {purpose, contentType, bytes, sha256} → 201 the same kind of form for a staff file (a
 * bank's result, a member list) that a route then takes by `{uploadId}`.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ requestUpload }, { requestFileUpload }] = await Promise.all([
      import('../usecases/documents.ts'),
      import('../usecases/uploads.ts'),
    ]);
    return async (deps, event) => {
      const identity = identityOf(event);
      const claimId = event.pathParameters?.claimId;
      if (claimId === undefined) {
        return json(201, await requestFileUpload(deps, { identity, body: jsonBody(event) }));
      }
      const answer = await requestUpload(deps, { identity, claimId, body: jsonBody(event) });
      return json(201, answer, { location: answer.statusUrl });
    };
  },
  { claims, documentFiles, documents, now, programs, registry, uploads },
);
