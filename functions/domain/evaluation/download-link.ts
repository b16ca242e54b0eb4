import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature of a local download link: HMAC-SHA-256(secret, exportId/name/expires), base64url. */
export function downloadSignature(secret: string, exportId: string, name: string, expires: number): string {
  return createHmac('sha256', secret).update(`${exportId}/${name}/${expires}`, 'utf8').digest('base64url');
}

/** Is the link's signature ours and the link not yet expired? */
export function downloadLinkValid(
  secret: string,
  link: { exportId: string; name: string; expires: number; sig: string },
  now: Date,
): 'ok' | 'expired' | 'forged' {
  const expected = Buffer.from(downloadSignature(secret, link.exportId, link.name, link.expires));
  const given = Buffer.from(link.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return now.getTime() / 1000 > link.expires ? 'expired' : 'ok';
}
