import * as z from 'zod';
import { DOCUMENT_CONTENT_TYPES, MAX_DOCUMENT_BYTES } from '../domain/documents/document.ts';

/** `POST /claims/{claimId}/documents`: what the uploader declares of the file before sending it. */
export const DocumentUploadRequest = z.strictObject({
  kind: z
    .string({ error: 'must be an evidence kind of the claim’s benefit, such as invoice' })
    .regex(/^[a-z][a-z0-9-]{0,63}$/, {
      error: 'must be an evidence kind of the claim’s benefit, such as invoice',
    })
    .describe('one of the evidence kinds of the claim’s benefit (invoice, discharge-summary, …)'),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES, {
    error: `must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}`,
  }),
  bytes: z
    .int({ error: 'must be the file size, a whole number of bytes' })
    .min(1, { error: 'must be at least 1: the file is empty' })
    .max(MAX_DOCUMENT_BYTES, { error: `must be at most ${MAX_DOCUMENT_BYTES} bytes (10 MiB)` }),
  sha256: z
    .string({ error: 'must be the SHA-256 of the file, 64 hex digits' })
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the SHA-256 of the file, 64 hex digits' })
    .transform((hex) => hex.toLowerCase()),
});
export type DocumentUploadRequest = z.infer<typeof DocumentUploadRequest>;
