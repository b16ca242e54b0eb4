import { randomBytes } from 'node:crypto';

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

/** 16 base62 characters (≈95 bits): short enough for an SMS, far too many to guess. */
export function newLinkId(): string {
  return encodeRandom(BASE62, 16);
}

export const LINK_ID_PATTERN = /^[0-9A-Za-z]{16}$/;
export const CLAIM_ID_PATTERN = /^C[0-9A-Z]{26}$/;
