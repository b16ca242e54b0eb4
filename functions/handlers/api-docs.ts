import { apiDocsPage } from '../http/api-docs-page.ts';
import { httpHandler } from '../http/http-handler.ts';
import { html, json } from '../http/responses.ts';

/**
 * Built once per container, on the first request: the document depends on the code alone, and its zod
 * schemas (every route's request and response) are loaded then, not when the function starts.
 */
let document: Promise<Record<string, unknown>> | undefined;
const contract = () => {
  if (document === undefined) {
    const built = import('../schemas/api/openapi-document.ts').then(({ openApiDocument }) =>
      openApiDocument(),
    );
    // A document that failed to build is built afresh on the next request.
    built.catch(() => {
      if (document === built) document = undefined;
    });
    document = built;
  }
  return document;
};

/** GET /openapi.json → the OpenAPI 3.1 document; GET /docs → the same as a readable page. Public, no data. */
export const handler = httpHandler(async (_deps, event) => {
  if (event.rawPath.endsWith('/openapi.json')) return json(200, await contract());
  return html(200, apiDocsPage(await contract()));
}, {});
