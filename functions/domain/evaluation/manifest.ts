import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import type { ExportPeriod } from './period.ts';

export const MANIFEST_FORMAT = 'union-evaluation-export/1';
export const MANIFEST_NAME = 'manifest.json';

export interface ManifestFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

export interface ManifestSignature {
  readonly algorithm: 'Ed25519';
  /** Hex SHA-256 of the public key (SPKI DER): which key signed. */
  readonly keyId: string;
  /** The public key, SPKI DER in base64, for convenience: trust only a key you got from the federation. */
  readonly publicKey: string;
  /** Base64 signature of the canonical manifest without `signature`. */
  readonly value: string;
}

export interface ExportManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly exportId: string;
  readonly period: ExportPeriod;
  readonly generatedAt: string;
  readonly counts: { readonly rows: number; readonly members: number };
  /** How members appear: keyed pseudonyms whose key was never stored. */
  readonly pseudonyms: string;
  readonly files: readonly ManifestFile[];
  readonly signature?: ManifestSignature;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The bytes the signature covers: the manifest without its signature, keys sorted, no spaces. */
export function signedBytes(manifest: ExportManifest): Buffer {
  const { signature: _signature, ...body } = manifest;
  return Buffer.from(JSON.stringify(canonical(body)), 'utf8');
}

/** PKCS #8 DER header of an Ed25519 private key, followed by its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The export signing key, derived from a secret string (Secrets Manager generates it in AWS; the local
 * secrets file holds it locally): the Ed25519 seed is SHA-256 of the secret.
 */
export function signingKeyFromSecret(secret: string): KeyObject {
  if (secret.length < 32) throw new RangeError('the export signing secret must have at least 32 characters');
  const seed = createHash('sha256').update(`union-evaluation-export\u0000${secret}`, 'utf8').digest();
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' });
}

/** Reads a public key given as PEM or as base64 SPKI DER. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function signManifest(manifest: ExportManifest, privateKey: KeyObject): ExportManifest {
  const spki = publicKeyDer(privateKey);
  return {
    ...manifest,
    signature: {
      algorithm: 'Ed25519',
      keyId: sha256Hex(spki),
      publicKey: spki.toString('base64'),
      value: edSign(null, signedBytes(manifest), privateKey).toString('base64'),
    },
  };
}

export interface VerifyProblem {
  /** A file name, or `manifest.json` for the manifest and its signature. */
  readonly file: string;
  readonly problem: string;
}

/**
 * Checks the signature with the trusted public key (not the one the manifest carries) and every file's
 * size and SHA-256; `read` gives a file's bytes or null when it is missing. Lists every problem found.
 */
export async function verifyExport(
  manifest: ExportManifest,
  trustedKey: KeyObject,
  read: (name: string) => Promise<Buffer | null>,
): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  const signature = manifest.signature;
  const publicKey = trustedKey.type === 'private' ? createPublicKey(trustedKey) : trustedKey;
  if (manifest.format !== MANIFEST_FORMAT) {
    problems.push({ file: MANIFEST_NAME, problem: `unknown format ${String(manifest.format)}` });
  }
  if (signature === undefined || signature.algorithm !== 'Ed25519') {
    problems.push({ file: MANIFEST_NAME, problem: 'no Ed25519 signature' });
  } else {
    const trustedId = sha256Hex(publicKey.export({ format: 'der', type: 'spki' }));
    if (signature.keyId !== trustedId) {
      problems.push({
        file: MANIFEST_NAME,
        problem: `signed by key ${signature.keyId}, not the trusted key ${trustedId}`,
      });
    }
    let valid = false;
    try {
      valid = edVerify(null, signedBytes(manifest), publicKey, Buffer.from(signature.value, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid)
      problems.push({ file: MANIFEST_NAME, problem: 'the signature does not verify with the trusted key' });
  }
  for (const file of manifest.files ?? []) {
    if (file.name.includes('/') || file.name.includes('\\') || file.name.startsWith('.')) {
      problems.push({ file: file.name, problem: 'not a plain file name' });
      continue;
    }
    const bytes = await read(file.name);
    if (bytes === null) problems.push({ file: file.name, problem: 'missing' });
    else if (bytes.length !== file.bytes) {
      problems.push({ file: file.name, problem: `${bytes.length} bytes, the manifest says ${file.bytes}` });
    } else if (sha256Hex(bytes) !== file.sha256) {
      problems.push({ file: file.name, problem: 'SHA-256 differs from the manifest' });
    }
  }
  return problems;
}
