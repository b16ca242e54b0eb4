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
  sesFromAddress: 'SES_FROM_ADDRESS',
} as const;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}
