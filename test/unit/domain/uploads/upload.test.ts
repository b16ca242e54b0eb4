import { describe, expect, it } from 'vitest';
import {
  MAX_UPLOAD_BYTES,
  newUploadId,
  parseUploadObjectKey,
  type Upload,
  uploadBytesRefusal,
  uploadObjectKey,
  uploadUseRefusal,
} from '../../../../functions/domain/uploads/upload.ts';

const upload: Upload = {
  uploadId: 'AbCdEfGhIjKlMnOpQrStUv',
  purpose: 'bank-result',
  contentType: 'text/csv',
  bytes: 100,
  sha256: 'ab'.repeat(32),
  uploadedBy: 'finance-office',
  createdAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2026-12-01T00:15:00.000Z',
  status: 'PENDING',
};

describe('uploads', () => {
  describe('keys', () => {
    it('keys an upload under uploads/ and reads its id back; a document key is not an upload', () => {
      const id = newUploadId();
      expect(parseUploadObjectKey(uploadObjectKey(id))).toBe(id);
      expect(
        parseUploadObjectKey('claims/C01JABCDEFGHJKMNPQRSTVWXYZ/documents/AbCdEfGhIjKlMnOpQrStUv'),
      ).toBeNull();
      expect(parseUploadObjectKey('uploads/../claims/x')).toBeNull();
      expect(MAX_UPLOAD_BYTES).toBe(50 * 1024 * 1024);
    });
  });

  describe('uploadUseRefusal', () => {
    it('lets its sender use a pending upload for its purpose', () => {
      expect(uploadUseRefusal(upload, 'finance-office', 'bank-result')).toBeNull();
    });
    it('refuses another person, another purpose, and a second use', () => {
      expect(uploadUseRefusal(upload, 'someone-else', 'bank-result')).toMatchObject({ kind: 'forbidden' });
      expect(uploadUseRefusal(upload, 'finance-office', 'member-import')).toMatchObject({
        kind: 'conflict',
        reason: 'this upload is for bank-result, not member-import',
      });
      expect(uploadUseRefusal({ ...upload, status: 'USED' }, 'finance-office', 'bank-result')).toMatchObject({
        kind: 'conflict',
        reason: 'this upload was used already',
      });
    });
  });

  describe('uploadBytesRefusal', () => {
    it('takes the declared bytes, and names the size or the hash of any other file', () => {
      expect(uploadBytesRefusal(upload, { bytes: 100, sha256: upload.sha256 })).toBeNull();
      expect(uploadBytesRefusal(upload, null)).toMatchObject({ kind: 'conflict', field: 'uploadId' });
      expect(uploadBytesRefusal(upload, { bytes: 99, sha256: upload.sha256 })).toMatchObject({
        field: 'bytes',
      });
      expect(uploadBytesRefusal(upload, { bytes: 100, sha256: 'cd'.repeat(32) })).toMatchObject({
        kind: 'refused',
        field: 'sha256',
      });
    });
  });
});
