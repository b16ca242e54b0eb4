import { createHmac } from 'node:crypto';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3DocumentFiles } from '../../../functions/adapters/s3-document-files.ts';
import { MAX_DOCUMENT_BYTES } from '../../../functions/domain/documents/document.ts';
import { decodePolicy, policyViolation } from '../../../functions/domain/documents/upload-policy.ts';
import { pdfInvoice, sha256 } from '../../fixtures/documents.ts';

const s3Mock = mockClient(S3Client);
/** The example credentials of AWS's SigV4 documentation. */
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
});
const files = new S3DocumentFiles(client, 'union-documents');
const KEY = 'claims/C01JABCDEFGHJKMNPQRSTVWXYZ/documents/AbCdEfGhIjKlMnOpQrStUv';

const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * The signature of a POST policy as AWS documents it (sigv4-post-example): the signing key derived from
 * the secret, the date, the region and `s3`, then HMAC-SHA256 of the base64 policy, hex.
 */
function documentedSignature(policyBase64: string, date: string, region: string): string {
  const kDate = hmac(`AWS4${SECRET}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, 's3');
  const kSigning = hmac(kService, 'aws4_request');
  return createHmac('sha256', kSigning).update(policyBase64, 'utf8').digest('hex');
}

describe('S3DocumentFiles', () => {
  beforeEach(() => s3Mock.reset());

  describe('uploadTarget (presigned POST)', () => {
    const pdf = pdfInvoice();
    const spec = {
      key: KEY,
      contentType: 'application/pdf' as const,
      bytes: pdf.length,
      sha256: sha256(pdf),
      expiresInSeconds: 900,
    };

    it('signs a policy that takes exactly the key, the Content-Type, the size and the SHA-256 declared', async () => {
      const target = await files.uploadTarget(spec);
      expect(target.url).toContain('union-documents');
      const policy = decodePolicy(target.fields.Policy ?? '');
      expect(policy).not.toBeNull();
      const conditions = policy?.conditions ?? [];
      expect(conditions).toContainEqual({ bucket: 'union-documents' });
      expect(conditions).toContainEqual({ key: KEY });
      expect(conditions).toContainEqual({ 'Content-Type': 'application/pdf' });
      expect(conditions).toContainEqual(['content-length-range', pdf.length, pdf.length]);
      expect(conditions).toContainEqual({ 'x-amz-checksum-algorithm': 'SHA256' });
      expect(conditions).toContainEqual({
        'x-amz-checksum-sha256': Buffer.from(sha256(pdf), 'hex').toString('base64'),
      });
      expect(conditions).toContainEqual({ 'x-amz-meta-sha256': sha256(pdf) });
      expect(conditions).toContainEqual({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
      // No condition lets the form take more than 10 MiB, or another key, or another type.
      for (const c of conditions) {
        if (Array.isArray(c) && c[0] === 'content-length-range')
          expect(c[2]).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
        if (Array.isArray(c)) expect(c[0]).not.toBe('starts-with');
      }
      // The fields the client posts satisfy the policy, and another size or key does not.
      const form = Object.fromEntries(
        Object.entries(target.fields).filter(([name]) => !['Policy', 'X-Amz-Signature'].includes(name)),
      );
      const now = new Date();
      if (policy === null) throw new Error('no policy');
      expect(policyViolation(policy, form, pdf.length, now)).toBeNull();
      expect(policyViolation(policy, form, pdf.length + 1, now)).toMatch(/bytes/);
      expect(policyViolation(policy, { ...form, key: `${KEY}x` }, pdf.length, now)).toMatch(/key/);
      expect(policyViolation(policy, { ...form, 'Content-Type': 'text/html' }, pdf.length, now)).toMatch(
        /Content-Type/,
      );
    });

    it('the signature is the documented SigV4 POST signature of the policy, and the policy expires with the target', async () => {
      const before = Date.now();
      const target = await files.uploadTarget(spec);
      const credential = target.fields['X-Amz-Credential'] ?? '';
      const [accessKey, date, region, service, terminator] = credential.split('/');
      expect([accessKey, region, service, terminator]).toEqual([
        'AKIAIOSFODNN7EXAMPLE',
        'cn-north-1',
        's3',
        'aws4_request',
      ]);
      expect(target.fields['X-Amz-Signature']).toBe(
        documentedSignature(target.fields.Policy ?? '', date ?? '', 'cn-north-1'),
      );
      const expiration = Date.parse(decodePolicy(target.fields.Policy ?? '')?.expiration ?? '');
      expect(expiration).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 899_000);
      expect(expiration).toBeLessThanOrEqual(Date.now() + 900_000);
      expect(Math.abs(Date.parse(target.expiresAt) - expiration)).toBeLessThan(2000);
    });
  });

  it('removes every version of an object (a versioned bucket keeps the bytes of a plain delete)', async () => {
    s3Mock
      .on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: [
          { Key: KEY, VersionId: 'v2' },
          { Key: `${KEY}-other`, VersionId: 'x1' },
        ],
        DeleteMarkers: [{ Key: KEY, VersionId: 'd1' }],
        IsTruncated: true,
        NextKeyMarker: KEY,
        NextVersionIdMarker: 'd1',
      })
      .resolvesOnce({ Versions: [{ Key: KEY, VersionId: 'v1' }], IsTruncated: false });
    s3Mock.on(DeleteObjectsCommand).resolves({});
    await files.remove(KEY);
    const deleted = s3Mock
      .commandCalls(DeleteObjectsCommand)
      .flatMap((call) => call.args[0].input.Delete?.Objects ?? []);
    expect(deleted).toEqual([
      { Key: KEY, VersionId: 'v2' },
      { Key: KEY, VersionId: 'd1' },
      { Key: KEY, VersionId: 'v1' },
    ]);
  });

  it('puts bytes with their type and S3-checked SHA-256, and reads them back', async () => {
    const pdf = pdfInvoice();
    s3Mock.on(PutObjectCommand).resolves({});
    await files.put(KEY, pdf, 'application/pdf');
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'union-documents',
      Key: KEY,
      ContentType: 'application/pdf',
      ChecksumSHA256: Buffer.from(sha256(pdf), 'hex').toString('base64'),
      Metadata: { sha256: sha256(pdf) },
    });
    s3Mock.on(GetObjectCommand).resolves({
      Body: { transformToByteArray: async () => new Uint8Array(pdf) } as never,
    });
    expect(Buffer.from((await files.read(KEY)) ?? []).equals(pdf)).toBe(true);
  });

  it('a view link is a presigned GET that expires when asked', async () => {
    const url = new URL(await files.viewUrl(KEY, { expiresInSeconds: 300, fileName: 'invoice.pdf' }));
    expect(url.pathname).toContain(KEY);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe('inline; filename="invoice.pdf"');
  });
});
