import type { Claim } from '../domain/claim.ts';
import {
  type ClaimDocument,
  type DocumentContentType,
  documentKindsOf,
  documentObjectKey,
  newDocumentId,
  parseDocumentObjectKey,
  parseThumbnailObjectKey,
  takesDocuments,
} from '../domain/documents/document.ts';
import { checkDocument, type DocumentRefusal } from '../domain/documents/verify.ts';
import { Conflict, Forbidden, Invalid, NotFound, Refused } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { CLAIM_ID_PATTERN } from '../domain/ids.ts';
import type { DocumentsAndWait } from '../ports/document-waits.ts';
import { DocumentUploadRequest } from '../schemas/documents.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { actorOf, canActFor, canRead } from './access.ts';
import { claimVersion } from './claim-version.ts';
import type { Deps } from './deps.ts';
import { documentStored } from './document-stored.ts';

/** How long an upload target takes the file. */
export const UPLOAD_TARGET_TTL_SECONDS = 15 * 60;

type UploadDeps = Pick<Deps, 'claims' | 'registry' | 'programs' | 'documents' | 'documentFiles' | 'now'>;
type AcceptDeps = Pick<
  Deps,
  | 'claims'
  | 'documents'
  | 'documentFiles'
  | 'now'
  | 'programs'
  | 'documentWaits'
  | 'workflow'
  | 'documentHashes'
  | 'imageDates'
>;

/** `POST /claims/{claimId}/documents` → 201: where to send the file, and the document's id. */
export interface UploadAnswer {
  readonly documentId: string;
  /** POST a multipart/form-data form here: every field of `fields`, then the file as `file`. */
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
  readonly statusUrl: string;
}

/** The bytes of a document were refused: what was wrong, on the declared field at fault (422). */
export class DocumentRefused extends Refused {
  constructor(readonly refusal: DocumentRefusal) {
    super(refusal.reason, {
      title: 'Document refused',
      errors: [{ field: refusal.field, message: refusal.reason }],
    });
  }
}

/**
 * The claim as the caller may add documents to it: its member, staff whose unit's subtree holds it,
 * admins (functions/usecases/access.ts). A claim the caller may not see is not found; an auditor, who
 * may read it, is refused.
 */
async function claimToAddTo(
  deps: Pick<Deps, 'claims' | 'registry'>,
  identity: Identity,
  claimId: string,
): Promise<Claim> {
  if (!CLAIM_ID_PATTERN.test(claimId)) throw new NotFound(`no claim ${claimId}`);
  const claim = await deps.claims.get(claimId);
  if (claim === null) throw new NotFound(`no claim ${claimId}`);
  if (await canActFor(deps.registry, identity, claim.memberId, claim.unitPath)) return claim;
  if (await canRead(deps.registry, identity, claim))
    throw new Forbidden('only the member, or staff of the member’s union, add documents to a claim');
  throw new NotFound(`no claim ${claimId}`);
}

const notTaking = (claim: Claim) =>
  new Conflict(
    `claim ${claim.claimId} is ${claim.status}: a paid, rejected or failed claim takes no more documents`,
  );

/** Who uploads, as a document records it: a member by member id, staff and admins by their token subject. */
function uploaderOf(identity: Identity, claim: Claim): Pick<ClaimDocument, 'uploadedBy' | 'uploaderKind'> {
  const actor = actorOf(identity);
  if (actor.kind === 'member' && identity.memberId === claim.memberId)
    return { uploadedBy: claim.memberId, uploaderKind: 'member' };
  return { uploadedBy: identity.subject, uploaderKind: actor.kind === 'admin' ? 'admin' : 'staff' };
}

/**
 * `POST /claims/{claimId}/documents` {kind, contentType, bytes, sha256}: checks the declaration (a kind
 * of the claim's benefit; JPEG, PNG, HEIC or PDF; at most 10 MiB; a SHA-256), records the document
 * PENDING and answers a signed upload form that takes exactly that file for 15 minutes.
 */
export async function requestUpload(
  deps: UploadDeps,
  request: { identity: Identity; claimId: string; body: unknown },
): Promise<UploadAnswer> {
  const claim = await claimToAddTo(deps, request.identity, request.claimId);
  const parsed = DocumentUploadRequest.safeParse(request.body);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const body = parsed.data;
  if (!takesDocuments(claim.status)) throw notTaking(claim);
  const version = await claimVersion(deps.programs, claim);
  const benefit = version?.benefits.find((b) => b.id === claim.benefit);
  const kinds = benefit === undefined ? [] : documentKindsOf(benefit);
  if (!kinds.includes(body.kind)) {
    throw new Invalid([
      {
        field: 'kind',
        message:
          kinds.length === 0
            ? `benefit ${claim.program}/${claim.benefit} takes no documents`
            : `must be one of the evidence kinds of ${claim.program}/${claim.benefit}: ${kinds.join(', ')}`,
      },
    ]);
  }
  const documentId = newDocumentId();
  const objectKey = documentObjectKey(claim.claimId, documentId);
  const target = await deps.documentFiles.uploadTarget({
    key: objectKey,
    contentType: body.contentType,
    bytes: body.bytes,
    sha256: body.sha256,
    expiresInSeconds: UPLOAD_TARGET_TTL_SECONDS,
  });
  await deps.documents.createPending({
    documentId,
    claimId: claim.claimId,
    kind: body.kind,
    contentType: body.contentType,
    bytes: body.bytes,
    sha256: body.sha256,
    status: 'PENDING',
    objectKey,
    ...uploaderOf(request.identity, claim),
    uploadedAt: deps.now().toISOString(),
    expiresAt: target.expiresAt,
  });
  return {
    documentId,
    url: target.url,
    fields: target.fields,
    expiresAt: target.expiresAt,
    statusUrl: `/claims/${claim.claimId}`,
  };
}

/** Why uploaded bytes were not kept: a failed check, no upload target for the key, or a closed claim. */
export interface UploadRefusal {
  readonly code: DocumentRefusal['code'] | 'no-target' | 'claim-closed';
  readonly field: string;
  readonly reason: string;
}

export type AcceptOutcome =
  | { readonly stored: true; readonly document: ClaimDocument }
  | { readonly stored: false; readonly refusal: UploadRefusal };

/**
 * Checks a document's bytes and keeps them: the type sniffed from the bytes must be the declared one,
 * the size the declared one (at most 10 MiB), the SHA-256 the declared one. Refused bytes leave nothing
 * behind: no object (removed if it was uploaded already) and no document item (a PENDING one is
 * removed); the refusal says why (DocumentRefused, 422). Kept bytes become a STORED document with its
 * audit event (usecases/document-stored.ts). `documentId` names the PENDING document of an upload
 * target; without it the bytes are a new document (`bytes` is then its declared size).
 */
export async function acceptDocument(
  deps: AcceptDeps,
  input: {
    claimId: string;
    kind: string;
    contentType: DocumentContentType;
    bytes: Uint8Array;
    declaredSha256: string;
    uploadedBy: string;
    uploaderKind?: ClaimDocument['uploaderKind'];
    /** The PENDING document the bytes were uploaded for, with what it declared. */
    pending?: ClaimDocument;
    /** The bytes are in place already (uploaded to the target's key): removed when refused. */
    inPlace?: boolean;
    /** The claim as just read with the document (null: none); read here when not given. */
    claim?: Claim | null;
    /** The claim's documents and wait, read with it (usecases/document-stored.ts). */
    read?: DocumentsAndWait;
  },
): Promise<ClaimDocument> {
  const documentId = input.pending?.documentId ?? newDocumentId();
  const objectKey = input.pending?.objectKey ?? documentObjectKey(input.claimId, documentId);
  const leaveNothing = async () => {
    if (input.inPlace === true) await deps.documentFiles.remove(objectKey);
    if (input.pending !== undefined) await deps.documents.removePending(input.claimId, documentId);
  };
  const claim = input.claim !== undefined ? input.claim : await deps.claims.get(input.claimId);
  if (claim === null) {
    await leaveNothing();
    throw new NotFound(`no claim ${input.claimId}`);
  }
  if (!takesDocuments(claim.status)) {
    await leaveNothing();
    throw notTaking(claim);
  }
  const refusal = await checkDocument(
    {
      contentType: input.contentType,
      bytes: input.pending?.bytes ?? input.bytes.byteLength,
      sha256: input.declaredSha256,
    },
    input.bytes,
  );
  if (refusal !== null) {
    await leaveNothing();
    throw new DocumentRefused(refusal);
  }
  const now = deps.now().toISOString();
  const document: ClaimDocument = {
    documentId,
    claimId: claim.claimId,
    kind: input.kind,
    contentType: input.contentType,
    bytes: input.bytes.byteLength,
    sha256: input.declaredSha256,
    status: 'STORED',
    objectKey,
    uploadedBy: input.uploadedBy,
    uploaderKind: input.uploaderKind ?? input.pending?.uploaderKind ?? 'member',
    uploadedAt: input.pending?.uploadedAt ?? now,
    storedAt: now,
  };
  if (input.inPlace !== true) await deps.documentFiles.put(objectKey, input.bytes, input.contentType);
  try {
    await documentStored(deps, claim, document, input.bytes, input.read);
  } catch (error) {
    await leaveNothing().catch(() => undefined);
    if (input.inPlace !== true) await deps.documentFiles.remove(objectKey).catch(() => undefined);
    throw error;
  }
  return document;
}

/**
 * The bytes of an upload target arrived under their key (S3's ObjectCreated event in AWS, the local
 * upload endpoint locally): they are checked against the PENDING document and kept, or refused and
 * removed with it. An object under a key no upload target issued is removed. A second delivery of the
 * same event finds the document STORED and changes nothing.
 */
export async function completeUpload(deps: AcceptDeps, objectKey: string): Promise<AcceptOutcome> {
  // A thumbnail the approval page made beside a stored document is no upload: left as it is.
  if (parseThumbnailObjectKey(objectKey) !== null) {
    return {
      stored: false,
      refusal: { code: 'no-target', field: 'key', reason: `${objectKey} is a thumbnail, not an upload` },
    };
  }
  const ids = parseDocumentObjectKey(objectKey);
  // The PENDING document and its claim, with the claim's other documents and its wait: one read.
  const read = ids === null ? null : await deps.documentWaits.getWithClaim(ids.claimId);
  const pending = read?.documents.find((d) => d.documentId === ids?.documentId) ?? null;
  if (pending === null || ids === null) {
    await deps.documentFiles.remove(objectKey).catch(() => undefined);
    return {
      stored: false,
      refusal: { code: 'no-target', field: 'key', reason: `no upload target was issued for ${objectKey}` },
    };
  }
  if (pending.status === 'STORED') return { stored: true, document: pending };
  const bytes = await deps.documentFiles.read(objectKey);
  if (bytes === null) {
    return {
      stored: false,
      refusal: { code: 'no-target', field: 'key', reason: `no file is stored under ${objectKey}` },
    };
  }
  try {
    const document = await acceptDocument(deps, {
      claimId: pending.claimId,
      kind: pending.kind,
      contentType: pending.contentType,
      bytes,
      declaredSha256: pending.sha256,
      uploadedBy: pending.uploadedBy,
      pending,
      inPlace: true,
      claim: read?.claim ?? null,
      read: read ?? undefined,
    });
    return { stored: true, document };
  } catch (error) {
    if (error instanceof DocumentRefused) return { stored: false, refusal: error.refusal };
    if (error instanceof Conflict || error instanceof NotFound)
      return { stored: false, refusal: { code: 'claim-closed', field: 'key', reason: error.detail } };
    throw error;
  }
}
