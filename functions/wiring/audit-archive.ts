import { S3Client } from '@aws-sdk/client-s3';
import { S3AuditArchive } from '../adapters/s3-audit-archive.ts';
import type { AuditArchive } from '../ports/audit-archive.ts';
import { traced } from '../tracing/tracer.ts';

/** The Object Lock bucket the claims table's stream archives audit events to. */
export async function bucketArchive(bucket: string): Promise<AuditArchive> {
  return new S3AuditArchive(await traced(new S3Client({})), bucket);
}
