import * as z from 'zod';
import { MAX_UPLOAD_BYTES, UPLOAD_PURPOSES } from '../domain/uploads/upload.ts';

/** `POST /uploads`: what staff declare of a file before sending it. */
export const FileUploadRequest = z.strictObject({
  purpose: z
    .enum(UPLOAD_PURPOSES, { error: `must be one of ${UPLOAD_PURPOSES.join(', ')}` })
    .describe(
      'bank-result: for POST /payment-batches/reconciliations; member-import: for POST /members/import',
    ),
  contentType: z
    .string({ error: 'must be the file’s type' })
    .describe('bank-result: text/csv; member-import: text/csv or application/octet-stream'),
  bytes: z
    .int({ error: 'must be the file size, a whole number of bytes' })
    .min(1, { error: 'must be at least 1: the file is empty' })
    .max(MAX_UPLOAD_BYTES, { error: `must be at most ${MAX_UPLOAD_BYTES} bytes (50 MiB)` }),
  sha256: z
    .string({ error: 'must be the SHA-256 of the file, 64 hex digits' })
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the SHA-256 of the file, 64 hex digits' })
    .transform((hex) => hex.toLowerCase()),
});
export type FileUploadRequest = z.infer<typeof FileUploadRequest>;

/** The body of a route that takes an uploaded file instead of the file itself. */
export const UploadedFile = z.strictObject({
  uploadId: z.string({ error: 'must be the uploadId POST /uploads answered' }),
});
