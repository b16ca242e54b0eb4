import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../../../functions/domain/documents/document.ts';
import {
  decodePolicy,
  encodePolicy,
  policyViolation,
  uploadConditions,
  uploadFields,
} from '../../../../functions/domain/documents/upload-policy.ts';
import { MAX_UPLOAD_BYTES } from '../../../../functions/domain/uploads/upload.ts';

const SHA = 'ab'.repeat(32);
const declared = { contentType: 'image/jpeg', bytes: 2048, sha256: SHA };
const KEY = 'claims/C01JABCDEFGHJKMNPQRSTVWXYZ/documents/AbCdEfGhIjKlMnOpQrStUv';
const policy = {
  expiration: '2026-12-05T12:15:00.000Z',
  conditions: [{ bucket: 'documents' }, { key: KEY }, ...uploadConditions(declared)],
};
const form = { key: KEY, ...uploadFields(declared) };
const at = new Date('2026-12-05T12:00:00.000Z');

describe('the upload form policy', () => {
  it('fixes the Content-Type, the exact size and the SHA-256 (base64 for S3, hex as metadata)', () => {
    expect(uploadConditions(declared)).toEqual([
      { 'Content-Type': 'image/jpeg' },
      { 'x-amz-checksum-algorithm': 'SHA256' },
      { 'x-amz-checksum-sha256': Buffer.from(SHA, 'hex').toString('base64') },
      { 'x-amz-meta-sha256': SHA },
      ['content-length-range', 2048, 2048],
    ]);
  });

  it('never lets a form take more than 10 MiB', () => {
    const range = uploadConditions({ ...declared, bytes: MAX_DOCUMENT_BYTES * 3 }).find((c) =>
      Array.isArray(c),
    );
    expect(range).toEqual(['content-length-range', MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES]);
  });

  it('lets a staff file upload take its declared size up to its own limit (50 MiB), never above', () => {
    const big = { ...declared, contentType: 'text/csv', maxBytes: MAX_UPLOAD_BYTES };
    const range = (bytes: number) => uploadConditions({ ...big, bytes }).find((c) => Array.isArray(c));
    expect(range(MAX_DOCUMENT_BYTES * 3)).toEqual([
      'content-length-range',
      MAX_DOCUMENT_BYTES * 3,
      MAX_DOCUMENT_BYTES * 3,
    ]);
    expect(range(MAX_UPLOAD_BYTES * 2)).toEqual(['content-length-range', MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES]);
  });

  it('survives its base64 encoding', () => {
    expect(decodePolicy(encodePolicy(policy))).toEqual(policy);
    expect(decodePolicy('not base64 json')).toBeNull();
  });

  describe('policyViolation', () => {
    it('accepts the form as issued, its field names in any case', () => {
      expect(policyViolation(policy, form, 2048, at)).toBeNull();
      expect(policyViolation(policy, { ...form, 'content-type': 'image/jpeg' }, 2048, at)).toBeNull();
    });

    it('refuses an expired form, another key, type or hash, an extra field, another size', () => {
      expect(policyViolation(policy, form, 2048, new Date('2026-12-05T12:15:00.000Z'))).toBe(
        'the upload form has expired',
      );
      expect(policyViolation(policy, { ...form, key: `${KEY}2` }, 2048, at)).toBe(
        `the field key must be ${KEY}`,
      );
      expect(policyViolation(policy, { ...form, 'Content-Type': 'image/png' }, 2048, at)).toMatch(
        /Content-Type/,
      );
      expect(policyViolation(policy, { ...form, 'x-amz-meta-sha256': 'cd'.repeat(32) }, 2048, at)).toMatch(
        /sha256/,
      );
      expect(policyViolation(policy, { ...form, acl: 'public-read' }, 2048, at)).toBe(
        'the field acl is not allowed by the policy',
      );
      expect(policyViolation(policy, form, 2049, at)).toBe(
        'the file has 2049 bytes; the form takes 2048 to 2048',
      );
      // The local upload endpoint leaves the size to the check after upload.
      expect(policyViolation(policy, form, 2049, at, false)).toBeNull();
    });
  });
});
