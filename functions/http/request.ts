import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CLAIM_NAMES, type Identity, ROLES, type Role } from '../domain/identity.ts';
import { HttpError } from './http-error.ts';

export const MAX_BODY_BYTES = 64 * 1024;

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function rawBody(event: APIGatewayProxyEventV2): string {
  const body = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'Body too large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  }
  return text;
}

/** The JSON body of a request that must send `application/json`. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const type = header(event, 'content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'Unsupported media type', 'send the body as application/json');
  }
  const text = rawBody(event);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Invalid JSON', 'the body is not valid JSON', [
      { field: '(body)', message: 'is not valid JSON' },
    ]);
  }
}

/**
 * The body of a route that takes a file either as its body or by `{uploadId}` (a file sent by
 * `POST /uploads`): the parsed JSON object when the body is JSON naming `uploadId`, else null (the file
 * itself).
 */
export function uploadReference(event: APIGatewayProxyEventV2): Record<string, unknown> | null {
  if (!/^application\/(.+\+)?json\b/i.test(header(event, 'content-type') ?? '')) return null;
  const body = jsonBody(event);
  return body !== null && typeof body === 'object' && !Array.isArray(body) && 'uploadId' in body
    ? (body as Record<string, unknown>)
    : null;
}

/** `cognito:groups` arrives as an array (local) or as API Gateway's string rendering `[a b]` / `a,b`. */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((part) => part !== '');
}

/** Who is calling, from the claims the JWT authorizer accepted. */
export function identityOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Identity {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (claims === undefined || typeof claims.sub !== 'string') {
    throw new HttpError(401, 'Unauthorized', 'a valid bearer token is required');
  }
  const roles = groupsOf(claims[CLAIM_NAMES.groups]).filter((g): g is Role =>
    (ROLES as readonly string[]).includes(g),
  );
  const memberId = claims[CLAIM_NAMES.memberId];
  const unitCode = claims[CLAIM_NAMES.unitCode];
  const approverId = claims[CLAIM_NAMES.approverId];
  return {
    subject: claims.sub,
    roles,
    memberId: typeof memberId === 'string' && memberId !== '' ? memberId : null,
    unitCode: typeof unitCode === 'string' && unitCode !== '' ? unitCode : null,
    approverId: typeof approverId === 'string' && approverId !== '' ? approverId : null,
  };
}
