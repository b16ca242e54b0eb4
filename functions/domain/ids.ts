import { createHash, createHmac, randomBytes } from 'node:crypto';

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function encodeRandom(alphabet: string, length: number): string {
  // Rejection sampling keeps every symbol equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** `C` + 10 time characters + 16 random (ULID layout): sortable by submission time, unguessable. */
export function newClaimId(now: Date = new Date()): string {
  let time = now.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = BASE32[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  return `C${timePart}${encodeRandom(BASE32, 16)}`;
}

/** 16 base62 characters (≈95 bits): an id that is short and far too many to guess (not a link's token). */
export function newLinkId(): string {
  return encodeRandom(BASE62, 16);
}

export const LINK_ID_PATTERN = /^[0-9A-Za-z]{16}$/;

/** A fresh random seed (22 base62 characters, ≈131 bits) that a link id is derived from. */
export function newLinkSeed(): string {
  return encodeRandom(BASE62, 22);
}

/**
 * A claim's own link seed: 16 random bytes (128 bits), base64url (22 characters), stored on the claim's
 * item when it is submitted and nowhere else. The seeds of the claim's approval and upload links are
 * derived from it (claimLinkSeed), so the link key and the claim id alone compute none of its links.
 */
export function newClaimLinkSeed(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The seed of one of a claim's links: HMAC-SHA-256 under the claim's link seed of what the link is for
 * (its purpose, the claim id and, for an approval link, the level, the approver and the claim's version
 * as read), 22 base64url characters (132 bits). The same step run again on the same claim derives the
 * same seed, and so the same link; the link seed it comes from cannot be read back out of it.
 */
export function claimLinkSeed(claimSeed: string, parts: readonly (string | number)[]): string {
  return createHmac('sha256', claimSeed).update(parts.join('\0'), 'utf8').digest('base64url').slice(0, 22);
}

/**
 * How many base62 characters a link token has: 22 carry ≈131 bits, at least the 128 a bearer token
 * needs, and keep a link short enough for a one-part SMS.
 */
export const LINK_TOKEN_LENGTH = 22;

/** The token in a link sent to a person (approval, satisfaction, payee confirmation). */
export const LINK_TOKEN_PATTERN = /^[0-9A-Za-z]{22}$/;

/**
 * Links sent before tokens grew to 22 characters carried 16 (≈95 bits); they stay good until they
 * expire (their items are stored under the hash of the 16 characters they carry).
 */
const LEGACY_LINK_TOKEN = /^[0-9A-Za-z]{16}$/;
const LEGACY_LINK_TOKEN_LENGTH = 16;

/** A link token as sent now, or as sent before tokens grew to 22 characters. */
export function isLinkToken(token: string): boolean {
  return LINK_TOKEN_PATTERN.test(token) || LEGACY_LINK_TOKEN.test(token);
}

/**
 * The hashes a link id may be stored under, most likely first: its own; and, for a 22-character id,
 * the hash of its first 16, which is the id derived from the same seed before ids grew (a level opened
 * then, and reminded now, sends the long form of the link it stored short). Empty: not a link token.
 */
export function linkHashCandidates(linkId: string): string[] {
  if (!isLinkToken(linkId)) return [];
  return linkId.length === LINK_TOKEN_LENGTH
    ? [linkHash(linkId), linkHash(linkId.slice(0, LEGACY_LINK_TOKEN_LENGTH))]
    : [linkHash(linkId)];
}

/** A fresh random link token (22 base62 characters, ≈131 bits). */
export function newLinkToken(): string {
  return encodeRandom(BASE62, LINK_TOKEN_LENGTH);
}

/**
 * The link id of a seed: 22 base62 characters of HMAC-SHA-256(key, label + seed). The table keeps the
 * seed and the id's hash, never the id: a copy of the table without the key opens no link, while the
 * server (holding the key) can send the same link again (a reminder, the approver's list).
 */
export function linkIdFromSeed(key: string, seed: string): string {
  let n = BigInt(`0x${createHmac('sha256', key).update(`link-id\0${seed}`, 'utf8').digest('hex')}`);
  let out = '';
  for (let i = 0; i < LINK_TOKEN_LENGTH; i++) {
    out += BASE62[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

/** What the table stores of a link id (its item key): SHA-256, hex. */
export function linkHash(linkId: string): string {
  return createHash('sha256').update(linkId, 'utf8').digest('hex');
}

/** How long a link's item is kept after the link expired (its page says "expired"), then TTL removes it. */
export const LINK_RETENTION_SECONDS = 30 * 86_400;

/** The TTL attribute (epoch seconds) of an item behind a link that expires at `expiresAt`. */
export function linkTtl(expiresAt: string): number {
  return Math.ceil(Date.parse(expiresAt) / 1000) + LINK_RETENTION_SECONDS;
}
export const CLAIM_ID_PATTERN = /^C[0-9A-Z]{26}$/;
