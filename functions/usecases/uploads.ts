import { createHash } from 'node:crypto';
import { Conflict, Forbidden, Invalid, NotFound, Refused } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import {
  MAX_UPLOAD_BYTES,
  newUploadId,
  UPLOAD_CONTENT_TYPES,
  UPLOAD_FORM_SECONDS,
  UPLOAD_ID_PATTERN,
  type Upload,
  type UploadPurpose,
  type UploadRefusal,
  uploadBytesRefusal,
  uploadObjectKey,
  uploadUseRefusal,
} from '../domain/uploads/upload.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { FileUploadRequest, UploadedFile } from '../schemas/uploads.ts';
import type { Deps } from './deps.ts';
import { importScope } from './import-members.ts';
import { requireFinance } from './reconcile-payments.ts';

type UploadDeps = Pick<Deps, 'registry' | 'uploads' | 'documentFiles' | 'now'>;

/** `POST /uploads` → 201: where to send the file, and the id a route takes it by. */
export interface FileUploadAnswer {
  readonly uploadId: string;
  /** POST a multipart/form-data form here: every field of `fields`, then the file as `file`. */
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/** Who may upload for a purpose: whoever may use the route it is for. */
async function requireRouteAccess(
  deps: Pick<Deps, 'registry'>,
  identity: Identity,
  purpose: UploadPurpose,
): Promise<void> {
  if (purpose === 'member-import') await importScope(deps.registry, identity);
  else await requireFinance(deps, identity);
}

/** `POST /uploads {purpose, contentType, bytes, sha256}`: records the upload and signs its form. */
export async function requestFileUpload(
  deps: UploadDeps,
  request: { identity: Identity; body: unknown },
): Promise<FileUploadAnswer> {
  const parsed = FileUploadRequest.safeParse(request.body);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { purpose, contentType, bytes, sha256 } = parsed.data;
  await requireRouteAccess(deps, request.identity, purpose);
  const types = UPLOAD_CONTENT_TYPES[purpose];
  if (!types.includes(contentType)) {
    throw new Invalid([{ field: 'contentType', message: `a ${purpose} file must be ${types.join(' or ')}` }]);
  }
  const uploadId = newUploadId();
  const now = deps.now();
  const target = await deps.documentFiles.uploadTarget({
    key: uploadObjectKey(uploadId),
    contentType,
    bytes,
    sha256,
    maxBytes: MAX_UPLOAD_BYTES,
    expiresInSeconds: UPLOAD_FORM_SECONDS,
  });
  const upload: Upload = {
    uploadId,
    purpose,
    contentType,
    bytes,
    sha256,
    uploadedBy: request.identity.subject,
    createdAt: now.toISOString(),
    expiresAt: target.expiresAt,
    status: 'PENDING',
  };
  await deps.uploads.create(upload);
  return { uploadId, ...target };
}

function refusalError(refusal: UploadRefusal): Error {
  const particulars = { errors: [{ field: refusal.field, message: refusal.reason }] };
  if (refusal.kind === 'forbidden') return new Forbidden(refusal.reason, particulars);
  if (refusal.kind === 'conflict') return new Conflict(refusal.reason, particulars);
  return new Refused(refusal.reason, { title: 'Upload refused', ...particulars });
}

/**
 * The bytes of an upload a route takes instead of a body `{uploadId}`: sent by the caller, for this
 * purpose, never used before, of the declared size and SHA-256. It is marked used before it is
 * returned (once: a second request for it is refused); a refused upload is left unused and unchanged.
 */
export async function takeUpload(
  deps: Pick<Deps, 'uploads' | 'documentFiles' | 'now'>,
  request: { identity: Identity; body: unknown; purpose: UploadPurpose },
): Promise<Uint8Array> {
  const parsed = UploadedFile.safeParse(request.body);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { uploadId } = parsed.data;
  const upload = UPLOAD_ID_PATTERN.test(uploadId) ? await deps.uploads.getUpload(uploadId) : null;
  if (upload === null) {
    throw new NotFound(`no upload ${uploadId}`, {
      errors: [{ field: 'uploadId', message: 'no such upload' }],
    });
  }
  const refusal = uploadUseRefusal(upload, request.identity.subject, request.purpose);
  if (refusal !== null) throw refusalError(refusal);
  const bytes = await deps.documentFiles.read(uploadObjectKey(uploadId));
  const file =
    bytes === null
      ? null
      : { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  const wrong = uploadBytesRefusal(upload, file);
  if (wrong !== null) throw refusalError(wrong);
  if (!(await deps.uploads.markUsed(uploadId, request.identity.subject, deps.now().toISOString())))
    throw new Conflict('this upload was used already', {
      errors: [{ field: 'uploadId', message: 'this upload was used already' }],
    });
  return bytes ?? new Uint8Array();
}
