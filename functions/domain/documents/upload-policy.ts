/**
 * The conditions of a document's upload form, as an S3 POST policy states them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html): the key, the
 * exact Content-Type, the size (content-length-range: exactly the declared bytes, never above 10 MiB, or
 * the larger limit of staff's file uploads),
 * the SHA-256 checksum S3 verifies itself (x-amz-checksum-sha256, base64) and the declared hash as
 * metadata (x-amz-meta-sha256, hex). The S3 adapter signs them with SigV4; the local upload endpoint
 * checks the same policy with a local key. Pure.
 */
import { MAX_DOCUMENT_BYTES } from './document.ts';

export type PolicyCondition =
  | Readonly<Record<string, string>>
  | readonly ['eq' | 'starts-with', string, string]
  | readonly ['content-length-range', number, number];

export interface PolicyDocument {
  readonly expiration: string;
  readonly conditions: readonly PolicyCondition[];
}

export interface UploadDeclaration {
  readonly contentType: string;
  readonly bytes: number;
  /** Lowercase hex. */
  readonly sha256: string;
  /** The largest file the form may take (10 MiB, a document's, unless stated). */
  readonly maxBytes?: number;
}

/** The declared SHA-256 (hex) as S3's checksum fields carry it: base64 of the 32 bytes. */
export function checksumBase64(sha256Hex: string): string {
  return Buffer.from(sha256Hex, 'hex').toString('base64');
}

/** The form fields fixed by the declaration (besides the key, the policy and its signature). */
export function uploadFields(declared: UploadDeclaration): Record<string, string> {
  return {
    'Content-Type': declared.contentType,
    'x-amz-checksum-algorithm': 'SHA256',
    'x-amz-checksum-sha256': checksumBase64(declared.sha256),
    'x-amz-meta-sha256': declared.sha256,
  };
}

/** The policy's conditions besides the bucket and key (and the SigV4 fields the signer adds). */
export function uploadConditions(declared: UploadDeclaration): PolicyCondition[] {
  const size = Math.min(declared.bytes, declared.maxBytes ?? MAX_DOCUMENT_BYTES);
  return [
    ...Object.entries(uploadFields(declared)).map(([name, value]) => ({ [name]: value })),
    ['content-length-range', size, size],
  ];
}

export function encodePolicy(policy: PolicyDocument): string {
  return Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
}

export function decodePolicy(base64: string): PolicyDocument | null {
  try {
    const parsed = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object') return null;
    const { expiration, conditions } = parsed as Record<string, unknown>;
    if (typeof expiration !== 'string' || !Array.isArray(conditions)) return null;
    return { expiration, conditions: conditions as PolicyCondition[] };
  } catch {
    return null;
  }
}

/** Form fields S3 never matches against the policy. */
const UNCHECKED = new Set(['policy', 'x-amz-signature', 'file']);

/**
 * Does a posted form satisfy the policy, as S3 checks it? Every condition must hold (field names are
 * compared without case, values exactly) and every posted field must be named by a condition; the file
 * size must be in the content-length-range. Returns why not, or null when it does.
 */
export function policyViolation(
  policy: PolicyDocument,
  form: Readonly<Record<string, string>>,
  fileBytes: number,
  now: Date,
  /** `false`: leave the size to the check that follows the upload (the local upload endpoint). */
  checkLength = true,
): string | null {
  if (!(Date.parse(policy.expiration) > now.getTime())) return 'the upload form has expired';
  const fields = new Map(Object.entries(form).map(([name, value]) => [name.toLowerCase(), value]));
  const named = new Set<string>();
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as readonly [string, unknown, unknown];
      if (op === 'content-length-range') {
        if (checkLength && (fileBytes < Number(a) || fileBytes > Number(b)))
          return `the file has ${fileBytes} bytes; the form takes ${a} to ${b}`;
        continue;
      }
      const name = String(a).replace(/^\$/, '').toLowerCase();
      named.add(name);
      const value = fields.get(name);
      if (op === 'eq' && value !== String(b)) return `the field ${name} must be ${String(b)}`;
      if (op === 'starts-with' && (value === undefined || !value.startsWith(String(b))))
        return `the field ${name} must start with ${String(b)}`;
      continue;
    }
    for (const [rawName, expected] of Object.entries(condition as Record<string, string>)) {
      const name = rawName.toLowerCase();
      named.add(name);
      if (name === 'bucket') continue;
      if (fields.get(name) !== expected) return `the field ${rawName} must be ${expected}`;
    }
  }
  for (const name of fields.keys()) {
    if (!UNCHECKED.has(name) && !named.has(name)) return `the field ${name} is not allowed by the policy`;
  }
  return null;
}
