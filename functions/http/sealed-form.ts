import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A value a page hands its own form, sealed so that only this server can read it and any change is
 * seen: AES-256-GCM under a key derived (HKDF-SHA-256) from the link's form secret, the link id bound in
 * as associated data (a form sealed for one link opens for no other). The JSON is deflated first.
 * Layout, base64url: version byte, 12-byte nonce, ciphertext, 16-byte tag.
 */
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any page's form (a claim and its levels deflate to a few KiB): a larger value is refused unread. */
const MOST_CHARS = 64 * 1024;

const derived = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = derived.get(secret);
  if (key === undefined) {
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'approval-form-seal-v1', 32));
    derived.set(secret, key);
  }
  return key;
}

export function sealForm(secret: string, linkId: string, value: unknown): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), nonce);
  cipher.setAAD(Buffer.from(linkId, 'utf8'));
  const body = Buffer.concat([
    cipher.update(deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'))),
    cipher.final(),
  ]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** The value sealed for this link, or null when the text was not sealed by this server for it, or was changed. */
export function openForm(secret: string, linkId: string, text: string): unknown {
  if (text.length > MOST_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const raw = Buffer.from(text, 'base64url');
  if (raw.length < 1 + NONCE_BYTES + TAG_BYTES || raw[0] !== VERSION) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(linkId, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const body = Buffer.concat([
      decipher.update(raw.subarray(1 + NONCE_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(inflateRawSync(body, { maxOutputLength: 1024 * 1024 }).toString('utf8'));
  } catch {
    return null;
  }
}
