/**
 * Files staff upload for a route whose body could not carry them (a bank's result, a member list):
 * declared first (purpose, type, size, SHA-256), sent by the same signed form as claims' documents
 * (functions/domain/documents/upload-policy.ts), then used once by the route the purpose names. Pure.
 */
import { randomBytes } from 'node:crypto';

/** What an upload is for, and so which route may use it. */
export const UPLOAD_PURPOSES = ['bank-result', 'member-import'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

/** The largest upload: 50 MiB (a bank result of tens of thousands of payouts, a large union's members). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** The objects' prefix in the documents bucket (a folder locally). */
export const UPLOADS_PREFIX = 'uploads/';
/** Uploads are deleted this many days after they were sent: what they produced is the record. */
export const UPLOAD_RETENTION_DAYS = 30;
/** How long an upload form takes the file. */
export const UPLOAD_FORM_SECONDS = 15 * 60;

/** The types each purpose takes: the bank's result is the CSV the payments use; member lists are CSV in any encoding. */
export const UPLOAD_CONTENT_TYPES: Readonly<Record<UploadPurpose, readonly string[]>> = {
  'bank-result': ['text/csv'],
  'member-import': ['text/csv', 'application/octet-stream'],
};

export function isUploadContentType(value: string): boolean {
  return Object.values(UPLOAD_CONTENT_TYPES).some((types) => types.includes(value));
}

/** An upload as recorded when its form is issued; `USED` once a route has taken it. */
export interface Upload {
  readonly uploadId: string;
  readonly purpose: UploadPurpose;
  readonly contentType: string;
  readonly bytes: number;
  /** Lowercase hex. */
  readonly sha256: string;
  /** The token subject of the person who asked for the form. */
  readonly uploadedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: 'PENDING' | 'USED';
  readonly usedAt?: string;
}

/** An upload's id: 22 url-safe characters (16 random bytes, base64url). */
export function newUploadId(): string {
  return randomBytes(16).toString('base64url');
}

export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function uploadObjectKey(uploadId: string): string {
  return `${UPLOADS_PREFIX}${uploadId}`;
}

/** The upload id of an object key, or null when the key is not an upload's. */
export function parseUploadObjectKey(key: string): string | null {
  const match = /^uploads\/([A-Za-z0-9_-]{22})$/.exec(key);
  return match?.[1] ?? null;
}

/** Why an upload may not be used for a route, on the field at fault; null: it may. */
export interface UploadRefusal {
  readonly kind: 'forbidden' | 'conflict' | 'refused';
  readonly field: string;
  readonly reason: string;
}

/** The checks before the bytes are read: the caller sent it, for this purpose, and it was not used. */
export function uploadUseRefusal(
  upload: Upload,
  caller: string,
  purpose: UploadPurpose,
): UploadRefusal | null {
  if (upload.uploadedBy !== caller)
    return { kind: 'forbidden', field: 'uploadId', reason: 'this upload was sent by another person' };
  if (upload.purpose !== purpose)
    return {
      kind: 'conflict',
      field: 'uploadId',
      reason: `this upload is for ${upload.purpose}, not ${purpose}`,
    };
  if (upload.status !== 'PENDING')
    return { kind: 'conflict', field: 'uploadId', reason: 'this upload was used already' };
  return null;
}

/** The checks of the bytes against the declaration: size, then SHA-256. */
export function uploadBytesRefusal(
  upload: Upload,
  file: { readonly bytes: number; readonly sha256: string } | null,
): UploadRefusal | null {
  if (file === null)
    return { kind: 'conflict', field: 'uploadId', reason: 'the file of this upload has not been sent' };
  if (file.bytes !== upload.bytes)
    return {
      kind: 'refused',
      field: 'bytes',
      reason: `the file has ${file.bytes} bytes, not the ${upload.bytes} declared`,
    };
  if (file.sha256 !== upload.sha256)
    return { kind: 'refused', field: 'sha256', reason: 'the file’s SHA-256 is not the one declared' };
  return null;
}
