/**
 * Sign-in by OAuth 2.0 authorization code with PKCE (S256): Cognito's hosted UI in AWS, the local IdP's
 * /authorize page on one machine. The console is a public client: no secret, the code_verifier proves the
 * code is ours.
 *
 * The token is kept in sessionStorage: it survives a reload of the tab but not the tab's closing, is not
 * shared with other tabs, and is never sent by the browser on its own (no cookie, so no CSRF). Memory
 * alone would sign the user out at every reload; localStorage would keep it after the browser is closed.
 * The CSP (no inline or foreign script) is what keeps other scripts away from it.
 */
import { type ConsoleConfig, fullPath } from './config.ts';

export interface Session {
  readonly idToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly who: Who;
}

export interface Who {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly unitCode: string | null;
  readonly approverId: string | null;
  readonly name: string | null;
}

const SESSION_KEY = 'console.session';
const PENDING_KEY = 'console.pkce';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const random = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims the console shows (the API decides access on its own from the same token). */
export function whoOf(token: string): Who {
  const part = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    Array.from(
      atob(part.replace(/-/g, '+').replace(/_/g, '/')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    ).join(''),
  );
  const claims = JSON.parse(json) as Record<string, unknown>;
  const groups = claims['cognito:groups'];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    sub: String(claims.sub ?? ''),
    roles: Array.isArray(groups)
      ? groups.map(String)
      : typeof groups === 'string'
        ? groups.split(/[\s,]+/)
        : [],
    unitCode: text(claims['custom:unit_code']),
    approverId: text(claims['custom:approver_id']),
    name: text(claims.name) ?? text(claims.email),
  };
}

export function currentSession(now = Date.now()): Session | null {
  try {
    const stored = sessionStorage.getItem(SESSION_KEY);
    if (stored === null) return null;
    const session = JSON.parse(stored) as Session;
    return session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

/** Off to the sign-in page; back at `returnTo` (a console path) afterwards. */
export async function signIn(config: ConsoleConfig, returnTo: string): Promise<never> {
  const verifier = random(32);
  const state = random(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    state,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

/** The callback: the code and our verifier exchanged for the token. Answers the path to go back to. */
export async function completeSignIn(config: ConsoleConfig, query: URLSearchParams): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const error = query.get('error');
  if (error !== null) throw new Error(query.get('error_description') ?? error);
  if (pending === null || query.get('state') !== pending.state) throw new Error('state does not match');
  const res = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: query.get('code') ?? '',
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    id_token?: string;
    expires_in?: number;
    error_description?: string;
  };
  if (!res.ok || body.id_token === undefined)
    throw new Error(body.error_description ?? `token: ${res.status}`);
  const session: Session = {
    idToken: body.id_token,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
    who: whoOf(body.id_token),
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return pending.returnTo.startsWith('/') ? pending.returnTo : '/';
}

export function signOut(config: ConsoleConfig): void {
  sessionStorage.removeItem(SESSION_KEY);
  if (config.logoutUrl !== null) {
    const url = new URL(config.logoutUrl);
    url.search = new URLSearchParams({
      client_id: config.clientId,
      logout_uri: new URL(fullPath('/signed-out'), location.href).toString(),
    }).toString();
    location.assign(url.toString());
  }
}
