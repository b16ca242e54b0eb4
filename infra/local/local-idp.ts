import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose';
import type { Role } from '../../functions/domain/identity.ts';
import { LOCAL_ALG as ALG, LOCAL_AUDIENCE, LOCAL_ISSUER, signLocalToken } from './local-jwt.ts';

export { LOCAL_AUDIENCE, LOCAL_ISSUER };

export interface LocalIdp {
  sign(claims: {
    sub: string;
    roles: readonly Role[];
    memberId?: string;
    unitCode?: string;
    approverId?: string;
    ttlSeconds?: number;
  }): Promise<string>;
  /** Verifies like API Gateway's JWT authorizer: signature by a known key id, iss, aud, exp, nbf. */
  verify(token: string): Promise<JWTPayload>;
  /** The id (`kid`) of the signing key. */
  readonly keyId: string;
  /** The public key as a JSON Web Key Set, as Cognito publishes its own. */
  jwks(): { keys: JWK[] };
}

/** Where the local HTTP API publishes {@link LocalIdp.jwks} (the local stand-in for Cognito's JWKS URL). */
export const LOCAL_JWKS_PATH = '/local-idp/jwks.json';

/** A local identity provider standing in for the Cognito user pool: an RSA key kept in the data folder. */
export async function localIdp(dataDir: string): Promise<LocalIdp> {
  const dir = join(dataDir, 'local-idp');
  const file = join(dir, 'signing-key.json');
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const pair = await generateKeyPair(ALG, { extractable: true });
    jwk = { ...(await exportJWK(pair.privateKey)), kid: `local-${Date.now().toString(36)}`, alg: ALG };
    await mkdir(dir, { recursive: true });
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return idpWithKey(jwk);
}

/** The local IdP of a signing key already made. */
export async function idpWithKey(jwk: JWK): Promise<LocalIdp> {
  const kid = String(jwk.kid);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  const publicKey = await importJWK(publicJwk, ALG);

  return {
    keyId: kid,
    jwks: () => ({ keys: [{ ...publicJwk, use: 'sig' }] }),
    sign: async (claims) => signLocalToken(jwk, claims),
    verify: async (token) => {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (header.kid !== kid) throw new Error('unknown key id');
          return publicKey;
        },
        { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALG] },
      );
      return payload;
    },
  };
}

/**
 * Secrets of the local runtime, made once and kept in the data folder: the approval pages' form-token
 * key and the secret the evaluation-export signing key (Ed25519) is derived from. A file from before the
 * export secret existed keeps its link secret and gains the export secret.
 */
export async function localSecrets(
  dataDir: string,
): Promise<{ readonly linkSecret: string; readonly exportSigningSecret: string }> {
  const file = join(dataDir, 'local-secrets.json');
  const usable = (value: unknown): value is string => typeof value === 'string' && value.length >= 32;
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed !== null && typeof parsed === 'object') stored = parsed as Record<string, unknown>;
  } catch {
    // none yet: made below
  }
  if (usable(stored.linkSecret) && usable(stored.exportSigningSecret)) {
    return { linkSecret: stored.linkSecret, exportSigningSecret: stored.exportSigningSecret };
  }
  const secrets = {
    linkSecret: usable(stored.linkSecret) ? stored.linkSecret : randomBytes(32).toString('base64url'),
    exportSigningSecret: usable(stored.exportSigningSecret)
      ? stored.exportSigningSecret
      : randomBytes(32).toString('base64url'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
