import { createHmac, randomBytes } from 'node:crypto';

/**
 * Members appear in an export only as `P` + 16 hex digits of HMAC-SHA-256(key, memberId), with a key
 * drawn for that export and never stored: the same member has the same pseudonym throughout one export,
 * and nobody (not even the federation) can link it to an id or to the member's pseudonym in another export.
 */
export function pseudonymiser(key: Buffer = randomBytes(32)): (memberId: string) => string {
  return (memberId) => `P${createHmac('sha256', key).update(memberId, 'utf8').digest('hex').slice(0, 16)}`;
}
