import { apiDocsPage } from '../http/api-docs-page.ts';
import { httpHandler } from '../http/http-handler.ts';
import { html, json } from '../http/responses.ts';
import { openApiDocument } from '../schemas/api/openapi-document.ts';

/** Built once per container: the document depends on the code alone. */
let document: Record<string, unknown> | undefined;
const contract = () => {
  document ??= openApiDocument();
  return document;
};

/** GET /openapi.json → the OpenAPI 3.1 document; GET /docs → the same as a readable page. Public, no data. */
export const handler = httpHandler(async (_deps, event) => {
  if (event.rawPath.endsWith('/openapi.json')) return json(200, contract());
  return html(200, apiDocsPage(contract()));
}, {});
