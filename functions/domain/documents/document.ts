import { randomBytes } from 'node:crypto';
import { type ClaimStatus, FINAL_STATUSES } from '../claim.ts';

/** The largest document a claim takes (10 MiB), in AWS and locally alike. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The types a document may have: photos (JPEG, PNG, HEIC from phones) and PDF scans. */
export const DOCUMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'application/pdf'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

export function isDocumentContentType(value: string): value is DocumentContentType {
  return (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(value);
}

/** A document's id: 22 url-safe characters (16 random bytes, base64url). */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newDocumentId(): string {
  return randomBytes(16).toString('base64url');
}

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** PENDING: an upload target was issued, the bytes are not checked yet; STORED: checked and kept. */
export type DocumentStatus = 'PENDING' | 'STORED';

/** A document of a claim, as the claims table keeps it (`CLAIM#<claimId>` / `DOC#<documentId>`). */
export interface ClaimDocument {
  readonly documentId: string;
  readonly claimId: string;
  /** One of the evidence kinds of the claim's benefit (`invoice`, `death-certificate`). */
  readonly kind: string;
  readonly contentType: DocumentContentType;
  /** The size in bytes, as declared and (once STORED) as checked. */
  readonly bytes: number;
  /** SHA-256 of the bytes, lowercase hex, as declared and (once STORED) as checked. */
  readonly sha256: string;
  readonly status: DocumentStatus;
  /** Where the bytes are (the bucket's or the data folder's key); never shown to a client. */
  readonly objectKey: string;
  /** The caller's id: the member id of a member, the token subject of staff. */
  readonly uploadedBy: string;
  /** What the uploader is: the actor kind of the document's audit event. */
  readonly uploaderKind: 'member' | 'staff' | 'admin';
  /** When the upload was asked for (or, without a target, when the bytes arrived). */
  readonly uploadedAt: string;
  /** When the bytes were checked and kept. */
  readonly storedAt?: string;
  /** Until when the upload target takes the bytes (PENDING only). */
  readonly expiresAt?: string;
}

/** What a client sees of a document: never its object key. */
export type DocumentView = Pick<
  ClaimDocument,
  'documentId' | 'kind' | 'contentType' | 'bytes' | 'sha256' | 'status' | 'uploadedAt'
> & { readonly storedAt: string | null };

export function documentView(document: ClaimDocument): DocumentView {
  return {
    documentId: document.documentId,
    kind: document.kind,
    contentType: document.contentType,
    bytes: document.bytes,
    sha256: document.sha256,
    status: document.status,
    uploadedAt: document.uploadedAt,
    storedAt: document.storedAt ?? null,
  };
}

/** The documents a claim shows: STORED ones, and PENDING ones whose upload target is still open. */
export function shownDocuments(documents: readonly ClaimDocument[], now: Date): DocumentView[] {
  return documents
    .filter((d) => d.status === 'STORED' || Date.parse(d.expiresAt ?? '') > now.getTime())
    .map(documentView);
}

/** Where a document's bytes live: one folder per claim, the document id as the name. */
export function documentObjectKey(claimId: string, documentId: string): string {
  return `claims/${claimId}/documents/${documentId}`;
}

/** The claim and document of an object key (null: not a document's key). */
export function parseDocumentObjectKey(key: string): { claimId: string; documentId: string } | null {
  const match = /^claims\/(C[0-9A-Z]{26})\/documents\/([A-Za-z0-9_-]{22})$/.exec(key);
  return match?.[1] === undefined || match[2] === undefined
    ? null
    : { claimId: match[1], documentId: match[2] };
}

/** Where a stored document's thumbnail is kept: beside it, made on its first view. */
export function thumbnailObjectKey(objectKey: string): string {
  return `${objectKey}.thumb.jpg`;
}

/** The claim and document of a thumbnail's key (null: not a thumbnail's key). */
export function parseThumbnailObjectKey(key: string): { claimId: string; documentId: string } | null {
  return key.endsWith('.thumb.jpg') ? parseDocumentObjectKey(key.slice(0, -'.thumb.jpg'.length)) : null;
}

/** A key the documents' files may be under: a document's, or its thumbnail's. */
export function isDocumentFileKey(key: string): boolean {
  return parseDocumentObjectKey(key) !== null || parseThumbnailObjectKey(key) !== null;
}

/** A claim that is paid, rejected or failed takes no more documents. */
export function takesDocuments(status: ClaimStatus): boolean {
  return !FINAL_STATUSES.has(status);
}

/** The kinds of document a benefit takes: its evidence kinds and the one that shows a payee's relation. */
export function documentKindsOf(benefit: {
  readonly evidenceKinds: readonly string[];
  readonly relationEvidence?: string | undefined;
}): string[] {
  const kinds = [...benefit.evidenceKinds];
  if (benefit.relationEvidence !== undefined && !kinds.includes(benefit.relationEvidence))
    kinds.push(benefit.relationEvidence);
  return kinds;
}
