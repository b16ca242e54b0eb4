import { S3Client } from '@aws-sdk/client-s3';
import { S3AuditArchive } from '../adapters/s3-audit-archive.ts';
import type { AuditArchive } from '../ports/audit-archive.ts';

/** The Object Lock bucket the claims table's stream archives audit events to. */
export function bucketArchive(bucket: string): AuditArchive {
  return new S3AuditArchive(new S3Client({}), bucket);
}
