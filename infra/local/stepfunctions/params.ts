import { SfnError, validationError } from './errors.ts';

/** A request as received: any JSON object. The API methods check every field they read. */
export type Params = Record<string, unknown>;

export function asParams(request: unknown): Params {
  if (request === undefined || request === null) return {};
  if (typeof request !== 'object' || Array.isArray(request)) {
    throw new SfnError('SerializationException', 'The request must be a JSON object');
  }
  return request as Params;
}

export function optionalString(
  p: Params,
  field: string,
  maxLength = Number.POSITIVE_INFINITY,
): string | undefined {
  const value = p[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SfnError('SerializationException', `'${field}' must be a string`);
  if (value.length > maxLength) {
    throw validationError(field, `Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}

export function requiredString(p: Params, field: string, maxLength = Number.POSITIVE_INFINITY): string {
  const value = optionalString(p, field, maxLength);
  if (value === undefined) throw validationError(field, 'Member must not be null');
  if (value.length === 0) throw validationError(field, 'Member must have length greater than or equal to 1');
  return value;
}

export function optionalInteger(p: Params, field: string, min: number, max: number): number | undefined {
  const value = p[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SfnError('SerializationException', `'${field}' must be an integer`);
  }
  if (value < min || value > max) {
    throw validationError(field, `Member must have value between ${min} and ${max}`);
  }
  return value;
}

export function optionalBoolean(p: Params, field: string): boolean | undefined {
  const value = p[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new SfnError('SerializationException', `'${field}' must be a boolean`);
  return value;
}

/** A required ARN field: `InvalidArn` unless it looks like an ARN. */
export function requiredArn(p: Params, field: string): string {
  const value = requiredString(p, field, 2048);
  if (!/^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:[^:]*:.+$/.test(value)) {
    throw new SfnError('InvalidArn', `Invalid Arn: '${value}'`);
  }
  return value;
}

/** Opaque pagination token: base64url of the listing's key and the offset to continue from. */
export function encodePageToken(key: string, offset: number): string {
  return Buffer.from(JSON.stringify({ k: key, o: offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined, key: string): number {
  if (token === undefined) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'k' in parsed && 'o' in parsed) {
      const { k, o } = parsed;
      if (k === key && typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
    }
  } catch {
    // fall through: any undecodable token is invalid
  }
  throw new SfnError('InvalidToken', `Invalid Token: '${token}'`);
}
