import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpApi } from '../../../../infra/local/http-api.ts';
import type { LocalIdp } from '../../../../infra/local/local-idp.ts';

const idp: LocalIdp = {
  keyId: 'test-key',
  jwks: () => ({ keys: [{ kty: 'RSA', kid: 'test-key', n: 'AQAB', e: 'AQAB' }] }),
  sign: async () => 'token',
  verify: async () => {
    throw new Error('no tokens here');
  },
};

describe('the local HTTP API', () => {
  const invoked: unknown[] = [];
  let api: Awaited<ReturnType<typeof startHttpApi>>;

  beforeAll(async () => {
    api = await startHttpApi({
      routes: [
        { method: 'GET', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
        { method: 'POST', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
        { method: 'POST', path: '/claims', fn: 'submitClaim', auth: 'jwt' },
      ],
      idp,
      port: 0,
      host: '127.0.0.1',
      invoke: async (event) => {
        invoked.push(event);
        return { statusCode: 200, body: 'ok' };
      },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a path that is not valid percent-encoding with 400, as the gateway would, and invokes nothing', async () => {
    // Act
    const broken = await fetch(`${api.url}/a/%E0%A4%A`);
    const overlong = await fetch(`${api.url}/a/%C0%AF`);
    const fine = await fetch(`${api.url}/a/%E4%B8%AD`);
    // Assess
    expect([broken.status, overlong.status, fine.status]).toEqual([400, 400, 200]);
    expect(await broken.json()).toEqual({ message: 'Bad Request' });
    expect(invoked).toHaveLength(1);
    expect(invoked[0]).toMatchObject({ pathParameters: { linkId: '中' } });
  });

  it('reads a body it refuses (over 6 MB, no token, no route) before it answers, so the client sees the answer', async () => {
    // Act
    const body = 'x'.repeat(7 * 1024 * 1024);
    const res = await fetch(`${api.url}/a/x`, { method: 'POST', body });
    const unauthorized = await fetch(`${api.url}/claims`, { method: 'POST', body });
    const noRoute = await fetch(`${api.url}/nowhere`, { method: 'POST', body });
    // Assess
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Entity Too Large' });
    expect([unauthorized.status, noRoute.status]).toEqual([401, 404]);
  });
});
