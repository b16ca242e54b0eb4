/**
 * Where a request to the console's distribution goes, decided at the edge by one CloudFront Function
 * (viewer request, cloudfront-js-2.0) on both of its behaviours:
 *
 * - `/api/…` is the HTTP API: the prefix is taken off (`/api/claims?status=paid` → `/claims?status=paid`).
 * - `/console/…` without a file extension, outside `assets/`, is one of the console's own routes
 *   (`/console/tickets`, `/console/claims/C-1`): its page is `/console/index.html`, as the local API answers.
 * - anything else (a built file, a missing asset) goes to S3 as it is.
 *
 * This replaces the distribution's custom error responses (403/404 → index.html), which CloudFront applies to
 * every origin: they would have turned the API's own 403 and 404 problems into the console's page.
 */
export const CONSOLE_API_PREFIX = '/api';

/** The function's source, plain ES5.1-compatible JavaScript as CloudFront Functions run it. */
export const CONSOLE_VIEWER_REQUEST = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('${CONSOLE_API_PREFIX}/') === 0) {
    request.uri = uri.substring(${CONSOLE_API_PREFIX.length});
    return request;
  }
  if (uri === '/console' || uri.indexOf('/console/') === 0) {
    var rest = uri.substring('/console/'.length);
    var last = rest.substring(rest.lastIndexOf('/') + 1);
    if (rest.indexOf('assets/') !== 0 && last.indexOf('.') === -1) request.uri = '/console/index.html';
  }
  return request;
}`;
