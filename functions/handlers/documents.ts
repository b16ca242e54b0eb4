import { httpHandler } from '../http/http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { requestUpload } from '../usecases/documents.ts';
import { claims, documentFiles, documents, now, programs, registry } from '../wiring.ts';

/**
 * POST /claims/{claimId}/documents {kind, contentType, bytes, sha256} → 201 an upload form (a presigned
 * S3 POST │ the local upload endpoint) that takes exactly the declared file.
 */
export const handler = httpHandler(
  async (deps, event) => {
    const answer = await requestUpload(deps, {
      identity: identityOf(event),
      claimId: event.pathParameters?.claimId ?? '',
      body: jsonBody(event),
    });
    return json(201, answer, { location: answer.statusUrl });
  },
  { claims, documentFiles, documents, now, programs, registry },
);
