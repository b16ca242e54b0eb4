import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import {
  claims,
  documentFiles,
  documentHashes,
  documents,
  documentWaits,
  imageDates,
  linkBaseUrl,
  now,
  programs,
  tickets,
  workflow,
} from '../wiring.ts';

/**
 * GET /u/{token}: the member's upload page of a claim waiting for documents (the SMS link): required
 * ones (AWAITING_DOCUMENTS) or those a correction ticket asks for; the documents still missing, a file
 * form each (no change); HEAD: the same without its body. POST (multipart/form-data, with the page's
 * form token): one document, checked from its bytes and kept as the API's uploads are; the last missing
 * required one sends the claim on to approval, the last one a ticket asks for lets staff resolve it.
 */
export const handler = lazyHttpHandler(
  async () => {
    const [{ answer }, { withoutBodyOnHead }] = await Promise.all([
      import('../http/upload-link-route.ts'),
      import('../http/link-page.ts'),
    ]);
    return async (deps, event) => withoutBodyOnHead(event, await answer(deps, event));
  },
  {
    claims,
    documentFiles,
    documentHashes,
    documents,
    documentWaits,
    imageDates,
    linkBaseUrl,
    now,
    programs,
    tickets,
    workflow,
  },
);
