/**
 * The payee details a payout goes to, pinned in the claim's hash chain. The chained events carry
 * `payeeHash`, never the details themselves (audit events are shown to members, staff and auditors):
 *
 *   payeeHash = "v2:" + hex(HMAC-SHA-256(key, "payee-v2\n" + claimId + "\n" + name + "\n" + bankName + "\n" + account))
 *
 * keyed with the `payeeAccountHash` key (functions/ports/keys.ts), with the name and bank NFC-normalised,
 * trimmed and inner whitespace collapsed, and the account number reduced to its digits and letters (spaces
 * and dashes dropped), upper-cased. A bank account has few unknown digits once its bank and its masked last
 * four are known: the key is what keeps anyone who reads the events (or a copy of the table) from testing
 * account numbers against a hash, at the cost of one HMAC (microseconds) instead of a slow hash on every
 * submit and payout. The claim id is part of the message, so equal details of two claims hash apart.
 *
 * Hashes written before the key existed are bare hex (no version prefix): an unkeyed scrypt salted with the
 * claim id (`legacyPayeeHashOf`). They stay in the chains (events are never rewritten) and are still checked:
 * `payeeHashMatches` reads the version off the stored hash and recomputes it the same way. Nothing new is
 * ever hashed with scrypt.
 */
import { createHmac, scryptSync, timingSafeEqual } from 'node:crypto';

export interface PayeeDetails {
  readonly name: string;
  readonly bankName: string;
  readonly accountNumber: string;
}

/** The version prefix of keyed payee hashes; a stored hash without it is a legacy scrypt hash. */
export const PAYEE_HASH_V2 = 'v2:';

const text = (value: string) => value.normalize('NFC').trim().replace(/\s+/gu, ' ');
const account = (value: string) =>
  value
    .normalize('NFKC')
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();

/** The keyed payee hash of a claim's details (what new events carry). */
export function payeeHashOf(key: string, claimId: string, payee: PayeeDetails): string {
  if (key === '') throw new Error('the payee hash key is empty');
  const canonical = [
    'payee-v2',
    claimId,
    text(payee.name),
    text(payee.bankName),
    account(payee.accountNumber),
  ];
  return PAYEE_HASH_V2 + createHmac('sha256', key).update(canonical.join('\n'), 'utf8').digest('hex');
}

/** scrypt cost of the legacy hash: about 40 ms a hash on one core, 16 MiB of memory. */
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** The unkeyed scrypt hash events carried before the keyed one: only to check those events, never to write. */
export function legacyPayeeHashOf(claimId: string, payee: PayeeDetails): string {
  const canonical = ['payee-v1', text(payee.name), text(payee.bankName), account(payee.accountNumber)];
  return scryptSync(canonical.join('\n'), `payee-v1:${claimId}`, 32, SCRYPT).toString('hex');
}

/** Whether a stored payee hash (keyed, or legacy) is that of these details on this claim. */
export function payeeHashMatches(
  key: string,
  claimId: string,
  payee: PayeeDetails,
  stored: string | undefined,
): boolean {
  if (stored === undefined || stored === '') return false;
  const expected = stored.startsWith(PAYEE_HASH_V2)
    ? payeeHashOf(key, claimId, payee)
    : legacyPayeeHashOf(claimId, payee);
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether two stored payee hashes of one claim name the same details. Hashes of one version compare as
 * they are; a legacy and a keyed one are compared through the details both must match.
 */
export function samePayee(
  key: string,
  claimId: string,
  payee: PayeeDetails | null,
  a: string,
  b: string,
): boolean {
  if (a.startsWith(PAYEE_HASH_V2) === b.startsWith(PAYEE_HASH_V2)) return a === b;
  return (
    payee !== null && payeeHashMatches(key, claimId, payee, a) && payeeHashMatches(key, claimId, payee, b)
  );
}
