import { DynamoAuditDigestStore } from './adapters/dynamodb/audit-digest-store.ts';
import { documentClient } from './adapters/dynamodb/client.ts';
import { ENV } from './config.ts';
import { lazy } from './lazy.ts';
import type { AuditDigestStore } from './ports/audit-digest-store.ts';

/** The daily digest's store: the claims table (its index of changes, and `DIGEST#<date>` items). */
export const auditDigests = lazy(
  (): AuditDigestStore => new DynamoAuditDigestStore(documentClient(), process.env[ENV.claimsTable] ?? ''),
);
