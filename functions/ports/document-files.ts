/** What an upload target must take: exactly these bytes, of this type, under this key. */
export interface UploadSpec {
  readonly key: string;
  /** A document's type, or an upload's (functions/domain/uploads/upload.ts). */
  readonly contentType: string;
  readonly bytes: number;
  /** The largest file the form may take: a document's 10 MiB unless stated. */
  readonly maxBytes?: number;
  /** Lowercase hex. */
  readonly sha256: string;
  readonly expiresInSeconds: number;
}

/**
 * Where a client sends a document: an HTML-form POST (multipart/form-data) to `url` with every field of
 * `fields`, then the file as the last field, `file` (S3's presigned POST; the local upload endpoint
 * takes the same form).
 */
export interface UploadTarget {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/**
 * The bytes of claims' documents (`claims/…`) and of staff's file uploads (`uploads/…`): a private S3
 * bucket in AWS, files under the data folder locally.
 */
export interface DocumentFiles {
  /** A signed form that uploads exactly the declared file under `spec.key` until it expires. */
  uploadTarget(spec: UploadSpec): Promise<UploadTarget>;
  /** The bytes under a key (null: none). */
  read(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Removes the object (every version of it in AWS); no error when there is none. */
  remove(key: string): Promise<void>;
  /** A link that shows the file without a token until it expires. */
  viewUrl(key: string, options: { expiresInSeconds: number; fileName?: string }): Promise<string>;
}
