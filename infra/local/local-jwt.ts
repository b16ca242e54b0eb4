/**
 * The local IdP's tokens, signed with node:crypto alone (RS256), so the token command loads no JWT
 * library: the claims Cognito puts in an id token, the issuer and audience the local API checks.
 */
import { createPrivateKey, type JsonWebKey, sign } from 'node:crypto';
import { CLAIM_NAMES, type Role } from '../../functions/domain/identity.ts';

/** What the local issuer puts in `iss` and `aud`; the local server checks both, as the JWT authorizer does. */
export const LOCAL_ISSUER = 'http://127.0.0.1/local-idp';
export const LOCAL_AUDIENCE = 'union-claims-local';
export const LOCAL_ALG = 'RS256';

export interface LocalTokenClaims {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly memberId?: string;
  readonly unitCode?: string;
  readonly approverId?: string;
  readonly ttlSeconds?: number;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed with the private JWK (which carries its `kid`), valid from now for `ttlSeconds` (12 h). */
export function signLocalToken(jwk: JsonWebKey & { kid?: unknown }, claims: LocalTokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: LOCAL_ALG, kid: String(jwk.kid), typ: 'JWT' };
  const payload = {
    token_use: 'id',
    [CLAIM_NAMES.groups]: [...claims.roles],
    ...(claims.memberId === undefined ? {} : { [CLAIM_NAMES.memberId]: claims.memberId }),
    ...(claims.unitCode === undefined ? {} : { [CLAIM_NAMES.unitCode]: claims.unitCode }),
    ...(claims.approverId === undefined ? {} : { [CLAIM_NAMES.approverId]: claims.approverId }),
    sub: claims.sub,
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + (claims.ttlSeconds ?? 12 * 3600),
  };
  const input = `${part(header)}.${part(payload)}`;
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
