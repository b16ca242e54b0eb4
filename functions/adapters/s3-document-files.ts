import { createHash } from 'node:crypto';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { checksumBase64, uploadConditions, uploadFields } from '../domain/documents/upload-policy.ts';
import type { DocumentFiles, UploadSpec, UploadTarget } from '../ports/document-files.ts';

/**
 * Documents in the private documents bucket: uploads by presigned POST (SigV4 policy: key, exact
 * Content-Type, exact size, the SHA-256 checksum S3 verifies), views by presigned GET, removal of every
 * version of an object (the bucket is versioned: a plain delete would only hide the bytes).
 */
export class S3DocumentFiles implements DocumentFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async uploadTarget(spec: UploadSpec): Promise<UploadTarget> {
    const expiresAt = new Date(this.now().getTime() + spec.expiresInSeconds * 1000).toISOString();
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: spec.key,
      Conditions: uploadConditions(spec) as PresignedPostOptions['Conditions'],
      Fields: uploadFields(spec),
      Expires: spec.expiresInSeconds,
    });
    return { url, fields, expiresAt };
  }

  async read(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body === undefined ? null : await out.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ChecksumSHA256: checksumBase64(sha256),
        Metadata: { sha256 },
      }),
    );
  }

  async remove(key: string): Promise<void> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({
          Bucket: this.bucket,
          Prefix: key,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      const versions = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((v) => v.Key === key)
        .map((v) => ({ Key: key, VersionId: v.VersionId }));
      if (versions.length > 0) {
        await this.s3.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: versions, Quiet: true } }),
        );
      }
      if (page.IsTruncated !== true) return;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  }

  async viewUrl(key: string, options: { expiresInSeconds: number; fileName?: string }): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(options.fileName === undefined
          ? {}
          : {
              ResponseContentDisposition: `inline; filename="${options.fileName.replace(/["\\\r\n]/g, '_')}"`,
            }),
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }
}
