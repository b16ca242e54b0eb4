import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONSOLE_CLIENT_ID, localOAuth } from '../../infra/local/local-oauth.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const verifierPair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe('console sign-in at the local IdP (authorization code + PKCE) and the console files', () => {
  let stack: TestStack | undefined;
  let api = '';
  const callback = () => `${api}/console/callback`;

  beforeAll(async () => {
    stack = await startTestStack({ demoData: false, console: true });
    api = stack.runtime.apiUrl;
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Chooses a demo identity on the /authorize form; answers the code from the redirect. */
  async function authorize(
    challenge: string,
    identity = 'staff',
    redirectUri = callback(),
  ): Promise<Response> {
    return fetch(`${api}/local-idp/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        redirect_uri: redirectUri,
        state: 'state-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        identity,
      }),
    });
  }
  const codeOf = (res: Response) => new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const exchange = (code: string, verifier: string, redirectUri = callback()) =>
    fetch(`${api}/local-idp/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
      }),
    });

  it('the /authorize page says it is a local stand-in and offers the demo identities; it cannot be framed', async () => {
    const { challenge } = verifierPair();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: LOCAL_CONSOLE_CLIENT_ID,
      redirect_uri: callback(),
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await fetch(`${api}/local-idp/authorize?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await res.text();
    expect(page).toContain('stand-in for Cognito');
    for (const identity of ['staff', 'staff2', 'approver', 'auditor', 'admin'])
      expect(page).toContain(`value="${identity}"`);
  });

  it('a code with its verifier gives the JWT the API accepts, once; the code cannot be used again', async () => {
    const { verifier, challenge } = verifierPair();
    const code = codeOf(await authorize(challenge, 'auditor'));
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const token = (await first.json()) as { id_token: string; expires_in: number };
    expect(token.expires_in).toBe(3600);
    const exports = await fetch(`${api}/exports`, { headers: { authorization: `Bearer ${token.id_token}` } });
    expect(exports.status).toBe(200);

    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a stolen code without the right verifier is refused, and is spent by the try', async () => {
    const { verifier, challenge } = verifierPair();
    const code = codeOf(await authorize(challenge));
    const wrong = await exchange(code, verifierPair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code, verifier)).status).toBe(400);
  });

  it('a redirect elsewhere than the console callback, plain PKCE, or no challenge is refused at /authorize', async () => {
    const { challenge } = verifierPair();
    const elsewhere = await authorize(challenge, 'admin', 'https://attacker.example/console/callback');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
    expect(await elsewhere.json()).toMatchObject({
      error_description: expect.stringContaining('redirect_uri'),
    });
    const plain = await fetch(`${api}/local-idp/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        redirect_uri: callback(),
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'plain',
        identity: 'admin',
      }),
    });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ error_description: expect.stringContaining('S256') });
  });

  it('a code expires a minute after it is given', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const idp = { sign: async () => 'jwt' } as unknown as Parameters<typeof localOAuth>[0]['idp'];
    const oauth = localOAuth({ idp, now: () => clock });
    const { verifier, challenge } = verifierPair();
    const origin = 'http://127.0.0.1:1';
    const answer = oauth.authorizeChoice(
      new URLSearchParams({
        response_type: 'code',
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        redirect_uri: `${origin}/console/callback`,
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        identity: 'staff',
      }),
      origin,
    );
    const code = new URL(answer.headers.location ?? '').searchParams.get('code') ?? '';
    clock += 60_000;
    const late = await oauth.token(
      new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: LOCAL_CONSOLE_CLIENT_ID,
        code,
        code_verifier: verifier,
        redirect_uri: `${origin}/console/callback`,
      }),
    );
    expect(late.status).toBe(400);
    expect(JSON.parse(late.body)).toMatchObject({ error: 'invalid_grant' });
  });

  it('the console is served under /console/ with its content types, the strict CSP, and index.html for its routes', async () => {
    const index = await fetch(`${api}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await index.text();
    // No inline script: every script is a file of the console's own origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(script).toMatch(/^\/console\/assets\/.+\.js$/);
    const js = await fetch(`${api}${script}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const css = /<link[^>]+href="([^"]+\.css)"/.exec(html)?.[1] ?? '';
    expect((await fetch(`${api}${css}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');

    const route = await fetch(`${api}/console/tickets`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    expect((await fetch(`${api}/console/assets/missing.js`)).status).toBe(404);

    const config = (await (await fetch(`${api}/console/config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      apiUrl: api,
      clientId: LOCAL_CONSOLE_CLIENT_ID,
      redirectUri: callback(),
      authorizeUrl: `${api}/local-idp/authorize`,
    });
  });

  it('a path that climbs out of the console folder gets the console page, never a file outside it', async () => {
    for (const path of ['/console/..%2F..%2Fpackage.json', '/console/%2e%2e/%2e%2e/package.json']) {
      const res = await fetch(`${api}${path}`);
      expect(await res.text()).not.toContain('"devDependencies"');
    }
  });
});
