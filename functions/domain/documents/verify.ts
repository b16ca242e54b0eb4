import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { type DocumentContentType, MAX_DOCUMENT_BYTES } from './document.ts';

/** What the uploader said of a document when asking to upload it. */
export interface DeclaredDocument {
  readonly contentType: DocumentContentType;
  readonly bytes: number;
  readonly sha256: string;
}

/** Why a document's bytes were refused: a machine code, the declared field at fault, and a sentence. */
export interface DocumentRefusal {
  readonly code: 'too-large' | 'size-mismatch' | 'type-mismatch' | 'hash-mismatch';
  readonly field: 'bytes' | 'contentType' | 'sha256';
  readonly reason: string;
}

/** file-type's extension of each accepted type (HEIC: the `heic`, `heix` and `mif1` brands). */
const BY_EXTENSION: Readonly<Record<string, DocumentContentType>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  pdf: 'application/pdf',
};

/**
 * The type of a document read from its bytes (their magic numbers, by the file-type library), never from
 * a name: one of the accepted types, another type file-type names (`image/gif`), or null when the bytes
 * are of no type it knows (plain text, random bytes).
 */
export async function sniffContentType(bytes: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (found === undefined) return null;
  return BY_EXTENSION[found.ext] ?? found.mime;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks a document's bytes against what was declared: at most 10 MiB and exactly the declared size,
 * the type sniffed from the bytes equal to the declared one, and the SHA-256 equal to the declared one.
 * The first failure is the refusal (null: the bytes are what was declared).
 */
export async function checkDocument(
  declared: DeclaredDocument,
  bytes: Uint8Array,
): Promise<DocumentRefusal | null> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    return {
      code: 'too-large',
      field: 'bytes',
      reason: `the file has ${bytes.byteLength} bytes; a document may have at most ${MAX_DOCUMENT_BYTES} (10 MiB)`,
    };
  }
  if (bytes.byteLength !== declared.bytes) {
    return {
      code: 'size-mismatch',
      field: 'bytes',
      reason: `the file has ${bytes.byteLength} bytes, not the ${declared.bytes} declared`,
    };
  }
  const sniffed = await sniffContentType(bytes);
  if (sniffed !== declared.contentType) {
    return {
      code: 'type-mismatch',
      field: 'contentType',
      reason:
        sniffed === null
          ? `the file is not ${declared.contentType}: its bytes are of no image or PDF type`
          : `the file is ${sniffed}, not the ${declared.contentType} declared`,
    };
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== declared.sha256) {
    return {
      code: 'hash-mismatch',
      field: 'sha256',
      reason: `the file's SHA-256 is ${sha256}, not the ${declared.sha256} declared`,
    };
  }
  return null;
}
