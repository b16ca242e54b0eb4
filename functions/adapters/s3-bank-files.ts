import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** A bank result file as the bank integration dropped it, with the checksum S3 holds for it (if any). */
export interface BankFile {
  readonly text: string;
  /** The object's SHA-256 checksum as S3 recorded it at upload (base64), when the upload sent one. */
  readonly s3ChecksumSha256: string | null;
  readonly versionId: string | null;
}

/** Reads one object of the bank-drop bucket (a CSV of a few thousand lines: read whole). */
export async function readBankFile(
  s3: S3Client,
  location: { bucket: string; key: string; versionId?: string },
): Promise<BankFile> {
  const out = await s3.send(
    new GetObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      VersionId: location.versionId,
      ChecksumMode: 'ENABLED',
    }),
  );
  if (out.Body === undefined) throw new Error(`s3://${location.bucket}/${location.key} has no body`);
  return {
    text: await out.Body.transformToString('utf-8'),
    s3ChecksumSha256: out.ChecksumSHA256 ?? null,
    versionId: out.VersionId ?? location.versionId ?? null,
  };
}
