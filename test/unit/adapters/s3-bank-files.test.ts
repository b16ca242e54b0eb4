import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readBankFile } from '../../../functions/adapters/s3-bank-files.ts';

const s3Mock = mockClient(S3Client);
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});

describe('readBankFile', () => {
  beforeEach(() => s3Mock.reset());

  it("reads the dropped object's version as text, with the SHA-256 checksum S3 recorded", async () => {
    s3Mock.on(GetObjectCommand).resolves({
      Body: { transformToString: async () => '付款编号,金额,结果,原因\r\n' } as never,
      ChecksumSHA256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
      VersionId: 'v2',
    });
    const file = await readBankFile(client, {
      bucket: 'bank-drop',
      key: 'bank-results/B-1.csv',
      versionId: 'v2',
    });
    expect(file).toEqual({
      text: '付款编号,金额,结果,原因\r\n',
      s3ChecksumSha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
      versionId: 'v2',
    });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'bank-drop',
      Key: 'bank-results/B-1.csv',
      VersionId: 'v2',
      ChecksumMode: 'ENABLED',
    });
  });

  it('says so when the upload sent no checksum', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: { transformToString: async () => 'x' } as never });
    const file = await readBankFile(client, { bucket: 'bank-drop', key: 'bank-results/B-2.csv' });
    expect(file).toEqual({ text: 'x', s3ChecksumSha256: null, versionId: null });
  });
});
