import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ExportFiles } from '../../../functions/adapters/s3-export-files.ts';

const s3Mock = mockClient(S3Client);
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const files = new S3ExportFiles(client, 'union-exports');

/** The part of a GetObject body the adapter reads. */
function bodyOf(text: string) {
  return { transformToByteArray: async () => new Uint8Array(Buffer.from(text)) } as never;
}

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}

describe('S3ExportFiles', () => {
  beforeEach(() => s3Mock.reset());

  it('uploads a file from its chunks under exports/<exportId>/ with its content type', async () => {
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"1"' });
    await files.write(
      'E01ABC',
      'evaluation-2026.csv',
      'text/csv; charset=utf-8',
      chunks('a,b\r\n', '1,2\r\n'),
    );
    const put = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'union-exports',
      Key: 'exports/E01ABC/evaluation-2026.csv',
      ContentType: 'text/csv; charset=utf-8',
    });
    expect(Buffer.from(put?.Body as Uint8Array).toString()).toBe('a,b\r\n1,2\r\n');
  });

  it('reads a file back, and null for one that is not there', async () => {
    s3Mock
      .on(GetObjectCommand, { Key: 'exports/E01ABC/manifest.json' })
      .resolves({ Body: bodyOf('{"files":[]}') });
    s3Mock
      .on(GetObjectCommand, { Key: 'exports/E01ABC/missing.csv' })
      .rejects(new NoSuchKey({ message: 'no such key', $metadata: {} }));
    expect((await files.read('E01ABC', 'manifest.json'))?.toString()).toBe('{"files":[]}');
    expect(await files.read('E01ABC', 'missing.csv')).toBeNull();
  });

  it('gives a presigned GET link that expires, and refuses names that are not plain', async () => {
    const url = new URL(await files.downloadUrl('E01ABC', 'evaluation-2026.html', 900));
    expect(url.pathname).toBe('/exports/E01ABC/evaluation-2026.html');
    expect(url.hostname).toContain('union-exports');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    await expect(files.downloadUrl('E01ABC', '../secret', 900)).rejects.toThrow(RangeError);
  });
});
