/**
 * The secret keys of the system, one per purpose: a key is never used for two things, so a token made
 * for one purpose is worthless for another and each key can be rotated on its own.
 */
export const KEY_PURPOSES = [
  /** HMAC key of the approval pages' form tokens (CSRF). */
  'approvalForm',
  /** HMAC key of the satisfaction pages' form tokens (CSRF). */
  'feedbackForm',
  /** HMAC key of the evaluation-export download links (the local stand-in for presigned URLs). */
  'exportDownload',
  /** HMAC key of the local documents bucket's upload forms and view links (the local stand-in for S3 presigning). */
  'documentLink',
  /** Secret the Ed25519 key that signs evaluation-export manifests is derived from. */
  'exportSigning',
  /** HMAC key the approval and satisfaction link ids are derived with from their stored seeds (the table holds only their hashes). */
  'linkId',
  /** HMAC key of the ID-number hashes: members are found by it, numbers are never stored in clear. */
  'idNumberHash',
  /** HMAC key of the payee hashes pinned in claims' chains (a copy of the table without it cannot test account numbers). */
  'payeeAccountHash',
] as const;

export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/** Where a handler gets a key: read at runtime (Secrets Manager in AWS), never from its environment. */
export interface Keys {
  get(purpose: KeyPurpose): Promise<string>;
}

const SECRET_SUFFIX: Readonly<Record<KeyPurpose, string>> = {
  approvalForm: 'approval-form',
  feedbackForm: 'feedback-form',
  exportDownload: 'export-download',
  documentLink: 'document-link',
  exportSigning: 'export-signing',
  idNumberHash: 'id-number-hash',
  linkId: 'link-id',
  payeeAccountHash: 'payee-account-hash',
};

/**
 * The name of a purpose's secret, `<prefix>/<purpose>`: the stack names its secrets by this convention
 * and gives functions only the prefix (the stack's name), never a value or a reference to a secret.
 */
export function keySecretName(prefix: string, purpose: KeyPurpose): string {
  return `${prefix.replace(/\/+$/, '')}/${SECRET_SUFFIX[purpose]}`;
}
