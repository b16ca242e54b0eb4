import { createHmac, timingSafeEqual } from 'node:crypto';

/** The form token of an approval link: HMAC-SHA-256(secret, linkId), base64url. */
export function csrfToken(secret: string, linkId: string): string {
  return createHmac('sha256', secret).update(linkId, 'utf8').digest('base64url');
}

/** Whether `token` is the link's form token, compared in constant time. */
export function verifyCsrfToken(secret: string, linkId: string, token: string | undefined): boolean {
  if (token === undefined || token === '') return false;
  const expected = Buffer.from(csrfToken(secret, linkId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  // Lengths differ only for a malformed token; compare against itself to keep the timing flat.
  if (given.length !== expected.length) return timingSafeEqual(expected, expected) && false;
  return timingSafeEqual(given, expected);
}

/**
 * Whether a POST comes from another site: an `Origin` that is present and is neither the link's own
 * origin nor the host the request was sent to, or `Sec-Fetch-Site: cross-site`.
 */
export function crossSiteRequest(input: {
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
  readonly host: string | undefined;
  readonly linkBaseUrl: string;
}): boolean {
  if (input.secFetchSite?.trim().toLowerCase() === 'cross-site') return true;
  if (input.origin === undefined) return false;
  const origin = input.origin.trim();
  if (!URL.canParse(origin)) return true;
  const parsed = new URL(origin);
  if (URL.canParse(input.linkBaseUrl) && new URL(input.linkBaseUrl).origin === parsed.origin) return false;
  return input.host === undefined || parsed.host.toLowerCase() !== input.host.trim().toLowerCase();
}
