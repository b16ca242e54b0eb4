/**
 * The local identity provider's OAuth 2.0 endpoints, standing in for Cognito's hosted UI: `/authorize`
 * (a page choosing one of the demo identities) and `/token` (the authorization code with PKCE, S256,
 * exchanged once for the same JWT the API accepts). Local only: there is no password, and the page says so.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../functions/domain/identity.ts';
import type { LocalIdp } from './local-idp.ts';

export const LOCAL_AUTHORIZE_PATH = '/local-idp/authorize';
export const LOCAL_TOKEN_PATH = '/local-idp/token';
/** The console's client id at the local IdP (Cognito's app client "pwa" in AWS). */
export const LOCAL_CONSOLE_CLIENT_ID = 'console-local';
/** Where the local IdP sends the code back: the console's callback page, on the API's own origin. */
export const LOCAL_CALLBACK_PATH = '/console/callback';

/** An authorization code is good for one exchange within this time. */
export const CODE_TTL_MS = 60_000;
/** The tokens' lifetime, as Cognito's app client gives them (1 h). */
export const TOKEN_TTL_SECONDS = 3600;

export interface DemoIdentity {
  readonly id: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly unitCode?: string;
  readonly approverId?: string;
}

/** Who one can be at the local IdP: the demo data's staff, approver, auditor and admin. */
export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    id: 'staff',
    label: { zh: '海淀区工会工作人员（王）', en: 'Haidian district union staff (Wang)' },
    sub: 'staff-wang',
    roles: ['staff'],
    unitCode: 'BJ-HD',
  },
  {
    id: 'staff2',
    label: { zh: '海淀区工会工作人员（李，第二人）', en: 'Haidian district union staff (Li, second person)' },
    sub: 'staff-li',
    roles: ['staff'],
    unitCode: 'BJ-HD',
  },
  {
    id: 'approver',
    label: { zh: '基层工会审批人 A-BJ-HD-001-1', en: 'Grassroots approver A-BJ-HD-001-1' },
    sub: 'approver-bj-hd-001-1',
    roles: ['staff'],
    unitCode: 'BJ-HD-001',
    approverId: 'A-BJ-HD-001-1',
  },
  {
    id: 'auditor',
    label: { zh: '审计人员', en: 'Auditor' },
    sub: 'auditor-zhao',
    roles: ['auditor'],
  },
  {
    id: 'admin',
    label: { zh: '市总工会管理员', en: 'City federation administrator' },
    sub: 'admin-chen',
    roles: ['admin'],
  },
];

interface PendingCode {
  readonly identity: DemoIdentity;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly expiresAt: number;
}

export interface OAuthAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const problem = (status: number, error: string, description: string): OAuthAnswer => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify({ error, error_description: description }),
});

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** S256: BASE64URL(SHA256(verifier)), compared in constant time. */
export function challengeMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(base64url(createHash('sha256').update(verifier).digest()));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/**
 * The authorize and token endpoints over one in-memory store of codes. `origin` is the API's own origin:
 * the only redirect the local IdP accepts is the console's callback there.
 */
export function localOAuth(opts: { idp: LocalIdp; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const codes = new Map<string, PendingCode>();

  const sweep = () => {
    for (const [code, pending] of codes) if (pending.expiresAt <= now()) codes.delete(code);
  };

  /** Checks the request's parameters; the refusal names the one that is wrong. */
  function checkRequest(params: URLSearchParams, origin: string): OAuthAnswer | null {
    if (params.get('response_type') !== 'code')
      return problem(400, 'unsupported_response_type', 'response_type must be code');
    if (params.get('client_id') !== LOCAL_CONSOLE_CLIENT_ID)
      return problem(400, 'unauthorized_client', 'client_id is not known');
    if (params.get('redirect_uri') !== `${origin}${LOCAL_CALLBACK_PATH}`)
      return problem(400, 'invalid_request', 'redirect_uri is not registered for this client');
    if (params.get('code_challenge_method') !== 'S256')
      return problem(400, 'invalid_request', 'code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(params.get('code_challenge') ?? ''))
      return problem(400, 'invalid_request', 'code_challenge must be a base64url SHA-256');
    if ((params.get('state') ?? '') === '') return problem(400, 'invalid_request', 'state is required');
    return null;
  }

  function authorizePage(params: URLSearchParams, origin: string): OAuthAnswer {
    const refused = checkRequest(params, origin);
    if (refused !== null) return refused;
    const hidden = [
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge',
      'code_challenge_method',
    ]
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
      .join('');
    const choices = DEMO_IDENTITIES.map(
      (who, i) =>
        `<label><input type="radio" name="identity" value="${who.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(who.label.zh)} · ${escapeHtml(who.label.en)}</label>`,
    ).join('');
    const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>本地登录 · Local sign-in</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}
.note{background:#fff4ce;border:1px solid #8a6d00;padding:.5rem .75rem}label{display:block;padding:.5rem 0}
button{font-size:1rem;padding:.5rem 1.25rem;background:#0b57d0;color:#fff;border:0;border-radius:4px}
button:focus-visible,input:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}</style></head><body>
<main><h1>本地登录 · Local sign-in</h1>
<p class="note">这是本地身份提供方，仅用于在本机运行的演示系统；在 AWS 上由 Cognito 托管登录页负责登录。<br>
This is the local identity provider, a stand-in for Cognito's hosted sign-in page: it asks for no password and exists only on this machine.</p>
<form method="post" action="${LOCAL_AUTHORIZE_PATH}"><fieldset><legend>以哪个演示身份登录 · Sign in as</legend>${choices}</fieldset>${hidden}
<button type="submit">登录 · Sign in</button></form></main></body></html>`;
    return {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': PAGE_CSP,
        'x-frame-options': 'DENY',
      },
      body,
    };
  }

  function authorizeChoice(form: URLSearchParams, origin: string): OAuthAnswer {
    const refused = checkRequest(form, origin);
    if (refused !== null) return refused;
    const identity = DEMO_IDENTITIES.find((who) => who.id === form.get('identity'));
    if (identity === undefined)
      return problem(400, 'invalid_request', 'identity is not one of the demo identities');
    sweep();
    const code = base64url(randomBytes(32));
    const redirectUri = form.get('redirect_uri') ?? '';
    codes.set(code, {
      identity,
      clientId: LOCAL_CONSOLE_CLIENT_ID,
      redirectUri,
      challenge: form.get('code_challenge') ?? '',
      expiresAt: now() + CODE_TTL_MS,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', form.get('state') ?? '');
    return { status: 303, headers: { location: target.toString(), 'cache-control': 'no-store' }, body: '' };
  }

  async function token(form: URLSearchParams): Promise<OAuthAnswer> {
    if (form.get('grant_type') !== 'authorization_code')
      return problem(400, 'unsupported_grant_type', 'grant_type must be authorization_code');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    // One exchange per code, whatever its outcome: a second try finds nothing.
    codes.delete(code);
    if (pending === undefined || pending.expiresAt <= now())
      return problem(400, 'invalid_grant', 'code is unknown, used or expired');
    if (form.get('client_id') !== pending.clientId)
      return problem(400, 'invalid_grant', 'client_id does not match the code');
    if (form.get('redirect_uri') !== pending.redirectUri)
      return problem(400, 'invalid_grant', 'redirect_uri does not match the code');
    if (!challengeMatches(form.get('code_verifier') ?? '', pending.challenge))
      return problem(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    const { identity } = pending;
    const jwt = await opts.idp.sign({
      sub: identity.sub,
      roles: identity.roles,
      unitCode: identity.unitCode,
      approverId: identity.approverId,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
      body: JSON.stringify({
        id_token: jwt,
        access_token: jwt,
        token_type: 'Bearer',
        expires_in: TOKEN_TTL_SECONDS,
      }),
    };
  }

  return { authorizePage, authorizeChoice, token, pendingCodes: () => codes.size };
}

export type LocalOAuth = ReturnType<typeof localOAuth>;
