import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isDocumentFileKey } from '../domain/documents/document.ts';
import {
  encodePolicy,
  type PolicyDocument,
  uploadConditions,
  uploadFields,
} from '../domain/documents/upload-policy.ts';
import { parseUploadObjectKey } from '../domain/uploads/upload.ts';
import type { DocumentFiles, UploadSpec, UploadTarget } from '../ports/document-files.ts';

/** The local stand-in for the documents bucket, as the local HTTP API serves it. */
export const LOCAL_DOCUMENTS_BUCKET = 'documents';
/** Where the local HTTP API takes upload forms (the bucket's POST) and serves view links (its GET). */
export const LOCAL_BUCKET_PATH = `/local-bucket/${LOCAL_DOCUMENTS_BUCKET}`;

const hmac = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text, 'utf8').digest('hex');

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The signature of a local upload form: HMAC-SHA-256 of the base64 policy (as SigV4 signs it, with a local key). */
export function localPolicySignature(secret: string, policyBase64: string): string {
  return hmac(secret, `policy\n${policyBase64}`);
}

export function localPolicySignatureValid(secret: string, policyBase64: string, signature: string): boolean {
  return sameText(localPolicySignature(secret, policyBase64), signature);
}

/** The signature of a local view link: the key, its expiry and the file name it is served under. */
export function localViewSignature(secret: string, key: string, expires: number, fileName: string): string {
  return hmac(secret, `view\n${key}\n${expires}\n${fileName}`);
}

export function localViewLinkValid(
  secret: string,
  link: { key: string; expires: number; fileName: string; sig: string },
  now: Date,
): 'ok' | 'expired' | 'forged' {
  if (!sameText(localViewSignature(secret, link.key, link.expires, link.fileName), link.sig)) return 'forged';
  return now.getTime() / 1000 > link.expires ? 'expired' : 'ok';
}

/**
 * Documents as files under the data folder (`<dataDir>/documents/claims/<claimId>/documents/<id>`, the
 * content type beside each in `<id>.type`), standing in for the private S3 bucket: upload forms signed
 * with a local key and checked by the local HTTP API as S3 checks a presigned POST; view links signed
 * with the same key and an expiry, like presigned GET URLs.
 */
export class LocalDocumentFiles implements DocumentFiles {
  constructor(
    private readonly dir: string,
    /** The local HTTP API's base URL, without a trailing slash. */
    private readonly baseUrl: string,
    /** The key of upload forms and view links, or where to read it. */
    private readonly secret: string | (() => Promise<string>),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private path(key: string): string {
    if (!isDocumentFileKey(key) && parseUploadObjectKey(key) === null)
      throw new RangeError(`not a document key: ${key}`);
    return join(this.dir, ...key.split('/'));
  }

  private async key(): Promise<string> {
    return typeof this.secret === 'string' ? this.secret : this.secret();
  }

  async uploadTarget(spec: UploadSpec): Promise<UploadTarget> {
    this.path(spec.key);
    const expiresAt = new Date(this.now().getTime() + spec.expiresInSeconds * 1000).toISOString();
    const policy: PolicyDocument = {
      expiration: expiresAt,
      conditions: [{ bucket: LOCAL_DOCUMENTS_BUCKET }, { key: spec.key }, ...uploadConditions(spec)],
    };
    const encoded = encodePolicy(policy);
    return {
      url: `${this.baseUrl}${LOCAL_BUCKET_PATH}`,
      fields: {
        key: spec.key,
        ...uploadFields(spec),
        Policy: encoded,
        'X-Amz-Signature': localPolicySignature(await this.key(), encoded),
      },
      expiresAt,
    };
  }

  async read(key: string): Promise<Uint8Array | null> {
    return readFile(this.path(key)).catch(() => null);
  }

  /** The content type the file was stored with (null: no such file). */
  async contentType(key: string): Promise<string | null> {
    return readFile(`${this.path(key)}.type`, 'utf8').catch(() => null);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const file = this.path(key);
    await mkdir(dirname(file), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    await writeFile(`${file}.partial`, bytes);
    await writeFile(`${file}.type`, contentType);
    await rename(`${file}.partial`, file);
  }

  async remove(key: string): Promise<void> {
    const file = this.path(key);
    await rm(file, { force: true });
    await rm(`${file}.type`, { force: true });
    await rm(`${file}.partial`, { force: true });
  }

  async viewUrl(key: string, options: { expiresInSeconds: number; fileName?: string }): Promise<string> {
    this.path(key);
    const expires = Math.floor(this.now().getTime() / 1000) + options.expiresInSeconds;
    const fileName = options.fileName ?? '';
    const sig = localViewSignature(await this.key(), key, expires, fileName);
    const query = new URLSearchParams({ expires: String(expires), sig });
    if (fileName !== '') query.set('filename', fileName);
    return `${this.baseUrl}${LOCAL_BUCKET_PATH}/${key}?${query}`;
  }
}
