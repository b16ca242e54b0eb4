import { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportFiles } from '../ports/exports.ts';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Export files in the export bucket, `exports/<exportId>/<name>`; downloads by presigned GET URLs. */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  private key(exportId: string, name: string): string {
    if (!SAFE.test(exportId) || !SAFE.test(name))
      throw new RangeError(`not a plain name: ${exportId}/${name}`);
    return `exports/${exportId}/${name}`;
  }

  /** A multipart upload fed from the chunks as they come: no file is ever held whole in memory. */
  async write(exportId: string, name: string, contentType: string, chunks: AsyncIterable<Buffer>) {
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: this.bucket,
        Key: this.key(exportId, name),
        Body: Readable.from(chunks),
        ContentType: contentType,
      },
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async read(exportId: string, name: string): Promise<Buffer | null> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key(exportId, name) }),
      );
      return out.Body === undefined ? null : Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async downloadUrl(exportId: string, name: string, ttlSeconds: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.key(exportId, name),
        ResponseContentDisposition: `attachment; filename="${name}"`,
      }),
      { expiresIn: ttlSeconds },
    );
  }
}
