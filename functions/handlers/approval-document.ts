import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { tagClaim } from '../logging/context.ts';
import { claims, documentFiles, documents, now, registry, thumbnails } from '../wiring.ts';

const STATUS = { 'not-found': 404, expired: 410, closed: 409, 'already-decided': 409 } as const;
const TITLE = { expired: 'expired', closed: 'closed', 'already-decided': 'alreadyDecided' } as const;

/**
 * GET /a/{linkId}/documents/{documentId}[?thumb=1]: a document of the link's claim (or its thumbnail),
 * while the link is pending. The view is recorded on the claim's audit chain, then the answer redirects
 * to a signed URL that works for 5 minutes (S3 presigned GET │ the local bucket's signed view link).
 * The only function that bundles sharp (thumbnails are made here, once).
 */
export const handler = lazyHttpHandler(
  async () => {
    const [
      { notFoundPage, page },
      { viewDocument },
      { linkPage, linkRequest },
      { MESSAGES },
      { escapeHtml },
    ] = await Promise.all([
      import('../http/approval-page.ts'),
      import('../usecases/approval-documents.ts'),
      import('../http/link-page.ts'),
      import('../http/i18n.ts'),
      import('../domain/html.ts'),
    ]);
    return async (deps, event) => {
      const { ctx } = linkRequest(event);
      const outcome = await viewDocument(deps, {
        linkId: event.pathParameters?.linkId ?? '',
        documentId: event.pathParameters?.documentId ?? '',
        thumbnail: event.queryStringParameters?.thumb === '1',
      });
      if (outcome.result === 'redirect') {
        tagClaim(outcome.claimId);
        return {
          statusCode: 302,
          headers: { location: outcome.url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
          body: '',
        };
      }
      if (outcome.result === 'not-found') return linkPage(404, notFoundPage(ctx));
      tagClaim(outcome.claimId);
      const headline = MESSAGES[ctx.lang][TITLE[outcome.result]];
      return linkPage(STATUS[outcome.result], page(ctx, headline, `<h1>${escapeHtml(headline)}</h1>`));
    };
  },
  { claims, documentFiles, documents, now, registry, thumbnails },
);
