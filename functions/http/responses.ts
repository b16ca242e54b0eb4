import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * An RFC 9457 problem for a caller that asked for JSON: type, title and status, with `extra` members
 * (a link's `result`, say) beside them.
 */
export function problemJson(
  statusCode: number,
  title: string,
  extra: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 {
  return json(
    statusCode,
    { type: 'about:blank', title, status: statusCode, ...extra },
    { 'content-type': 'application/problem+json; charset=utf-8' },
  );
}

/**
 * A page: nothing loads but its inline style, unless `imgSrc` names where its images come from (the
 * approval page's thumbnails: its own route, and the origin of the signed URLs that route redirects to).
 */
export function html(
  statusCode: number,
  body: string,
  options: { readonly imgSrc?: readonly string[] } = {},
): APIGatewayProxyStructuredResultV2 {
  const imgSrc =
    options.imgSrc === undefined || options.imgSrc.length === 0
      ? ''
      : ` img-src ${options.imgSrc.join(' ')};`;
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline';${imgSrc} form-action 'self'; frame-ancestors 'none'`,
      'x-frame-options': 'DENY',
      ...SECURITY_HEADERS,
    },
    body,
  };
}
