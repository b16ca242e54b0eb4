import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
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

/** Tokens whose signature, issuer and audience were checked, kept at most (the oldest forgotten first). */
const MAX_VERIFIED = 10_000;

/**
 * The time claims of a token verified before, checked again now as jwtVerify checks them (no clock
 * tolerance): `nbf` not in the future, `exp` not reached.
 */
function checkTimes(payload: JWTPayload, nowSeconds: number): void {
  if (payload.nbf !== undefined && payload.nbf > nowSeconds) {
    throw new Error('"nbf" claim timestamp check failed');
  }
  if (payload.exp !== undefined && payload.exp <= nowSeconds) {
    throw new Error('"exp" claim timestamp check failed');
  }
}

/**
 * The local IdP of a signing key already made. A token is verified in full once (signature by the
 * known key id, iss, aud, exp, nbf); the same token string again only has its time claims checked
 * against the clock: its signature and claims cannot have changed. The RSA verification through
 * WebCrypto was most of the local API's own CPU for a request that carries a member's token.
 */
export async function idpWithKey(jwk: JWK, clock: () => number = Date.now): Promise<LocalIdp> {
  const kid = String(jwk.kid);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  const publicKey = await importJWK(publicJwk, ALG);
  const verified = new Map<string, JWTPayload>();

  return {
    keyId: kid,
    jwks: () => ({ keys: [{ ...publicJwk, use: 'sig' }] }),
    sign: async (claims) => signLocalToken(jwk, claims),
    verify: async (token) => {
      const now = Math.floor(clock() / 1000);
      const known = verified.get(token);
      if (known !== undefined) {
        checkTimes(known, now);
        return structuredClone(known);
      }
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (header.kid !== kid) throw new Error('unknown key id');
          return publicKey;
        },
        {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: [ALG],
          currentDate: new Date(now * 1000),
        },
      );
      if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
      verified.set(token, structuredClone(payload));
      return payload;
    },
  };
}

/** The keys the local runtime draws for itself (the ID-number hash key is the fixed local one). */
const LOCAL_DRAWN = [
  'approvalForm',
  'feedbackForm',
  'exportDownload',
  'documentLink',
  'exportSigning',
  'linkId',
  'payeeAccountHash',
] as const;

export type LocalKeyValues = Readonly<Record<(typeof LOCAL_DRAWN)[number], string>>;

/** Names the key file had before there was one key per purpose: kept, so open links keep working. */
const EARLIER_NAMES: Readonly<Partial<Record<(typeof LOCAL_DRAWN)[number], string>>> = {
  approvalForm: 'linkSecret',
  exportSigning: 'exportSigningSecret',
};

/**
 * The local runtime's keys, one per purpose (functions/ports/keys.ts), drawn once and kept in the data
 * folder (`local-secrets.json`, readable by its owner only); the handlers read them from there
 * (LOCAL_KEYS_FILE), as they read Secrets Manager in AWS. A key file from before keeps its keys.
 */
export async function localKeys(
  dataDir: string,
): Promise<{ readonly file: string; readonly keys: LocalKeyValues }> {
  const file = join(dataDir, 'local-secrets.json');
  const usable = (value: unknown): value is string => typeof value === 'string' && value.length >= 32;
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed !== null && typeof parsed === 'object') stored = parsed as Record<string, unknown>;
  } catch {
    // none yet: drawn below
  }
  const pick = (purpose: (typeof LOCAL_DRAWN)[number]): string | undefined => {
    const earlier = EARLIER_NAMES[purpose];
    const value = stored[purpose] ?? (earlier === undefined ? undefined : stored[earlier]);
    return usable(value) ? value : undefined;
  };
  const found = LOCAL_DRAWN.map((purpose) => [purpose, pick(purpose)] as const);
  const keys = Object.fromEntries(
    found.map(([purpose, value]) => [purpose, value ?? randomBytes(32).toString('base64url')]),
  ) as LocalKeyValues;
  if (found.some(([purpose, value]) => value === undefined || stored[purpose] !== value)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(keys), { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return { file, keys };
}
