import { S3Client } from '@aws-sdk/client-s3';
import { LocalAuditArchive } from './adapters/local-audit-archive.ts';
import { S3AuditArchive } from './adapters/s3-audit-archive.ts';
import { ENV } from './config.ts';
import { lazy } from './lazy.ts';
import type { ArchiveDigestStore } from './ports/archive-digest-store.ts';
import type { AuditArchive } from './ports/audit-archive.ts';
import { appDeps } from './wiring.ts';

/**
 * The archive the verifying functions read: the local file (set up in appDeps) or, in AWS, the Object
 * Lock bucket. Only the functions that read or write the archive bundle the S3 client.
 */
export const auditArchive = lazy((): AuditArchive | null => {
  const local = appDeps().auditArchive ?? null;
  if (local !== null) return local;
  const bucket = process.env[ENV.auditArchiveBucket];
  return bucket ? new S3AuditArchive(new S3Client({}), bucket) : null;
});

/** The hourly digest's store: the archive itself (the local file or the bucket); null when none is set up. */
export function archiveDigests(): ArchiveDigestStore | null {
  const archive = auditArchive();
  return archive instanceof LocalAuditArchive || archive instanceof S3AuditArchive ? archive : null;
}
