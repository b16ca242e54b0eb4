/**
 * Names of the environment variables a handler reads. The CDK stack and the local runtime set them;
 * handlers read them once, at module scope.
 */
export const ENV = {
  claimsTable: 'CLAIMS_TABLE',
  registryTable: 'REGISTRY_TABLE',
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** Base of approval links, e.g. `https://u.union.example` (a short host keeps SMS links short). */
  linkBaseUrl: 'LINK_BASE_URL',
  /** `aws` (SES v2 e-mail + SNS SMS) or `outbox` (JSON files, local). */
  notifyMode: 'NOTIFY_MODE',
  outboxDir: 'OUTBOX_DIR',
  /** `0` keeps outbox messages off the console (tests); anything else prints a line per message. */
  outboxEcho: 'OUTBOX_ECHO',
  sesFromAddress: 'SES_FROM_ADDRESS',
  /** Code of the city federation, the root of the union tree (default `BJ`). */
  rootUnitCode: 'ROOT_UNIT_CODE',
  /**
   * Prefix of the names of the stack's secrets (its name): a handler reads its keys from Secrets Manager
   * as `<prefix>/<purpose>` (functions/ports/keys.ts). Not a secret, and no reference to one.
   */
  keyPrefix: 'KEY_PREFIX',
  /** The local runtime's key file (JSON, one key per purpose); when set, keys are read from it. */
  localKeysFile: 'LOCAL_KEYS_FILE',
  /** `local` (files under EXPORT_DIR, run in-process) or `aws` (S3 bucket, Step Functions). */
  exportMode: 'EXPORT_MODE',
  exportDir: 'EXPORT_DIR',
  exportBucket: 'EXPORT_BUCKET',
  exportStateMachineArn: 'EXPORT_STATE_MACHINE_ARN',
  /** Local runtime: the folder of claims' documents (set: documents are files there, not in S3). */
  documentsDir: 'DOCUMENTS_DIR',
  /** AWS: the private bucket of claims' documents. */
  documentsBucket: 'DOCUMENTS_BUCKET',
  /** Local runtime: the write-once file every committed audit event is appended to. */
  auditArchiveFile: 'AUDIT_ARCHIVE_FILE',
  /** AWS: the Object Lock bucket the claims table's stream archives audit events to (read by verify). */
  auditArchiveBucket: 'AUDIT_ARCHIVE_BUCKET',
  /**
   * Seconds a container keeps union units, approvers and program versions it read (default 60; `0`: no
   * cache). Members and budgets are never cached.
   */
  registryCacheSeconds: 'REGISTRY_CACHE_SECONDS',
} as const;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}
