import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { idpWithKey } from '../../../../infra/local/local-idp.ts';

async function keyPair(kid: string) {
  const pair = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(pair.privateKey)), kid, alg: 'RS256' };
}

describe('the local IdP', () => {
  it('verifies a token again from what it checked before, and still refuses it once it has expired', async () => {
    // Prepare
    let now = 0;
    const idp = await idpWithKey(await keyPair('k1'), () => now);
    // Signed on the real clock (exp = its second + 60); the IdP's clock starts there and is moved on.
    const token = await idp.sign({ sub: 'm-1', roles: ['member'], memberId: 'M1', ttlSeconds: 60 });
    now = Date.now();

    // Act
    const first = await idp.verify(token);
    const second = await idp.verify(token);
    now += 58_000;
    const beforeExpiry = await idp.verify(token);
    now += 2_000;
    const expired = await idp.verify(token).catch((error: Error) => error);

    // Assess
    expect(first.sub).toBe('m-1');
    expect(second).toEqual(first);
    expect(beforeExpiry).toEqual(first);
    expect(expired).toBeInstanceOf(Error);
    expect((expired as Error).message).toContain('"exp"');
  });

  it('refuses a token that is not yet valid, even after the same token was verified', async () => {
    // Prepare: tokens are signed with nbf = the real clock's second; the IdP's clock is read after
    // signing (never before it), then set back before it.
    let now = 0;
    const idp = await idpWithKey(await keyPair('k1'), () => now);
    const token = await idp.sign({ sub: 'm-1', roles: ['member'] });
    now = Date.now();
    await idp.verify(token);

    // Act
    now -= 10_000;
    const refused = await idp.verify(token).catch((error: Error) => error);

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain('"nbf"');
  });

  it('refuses a changed token and one signed by another key, whatever it verified before', async () => {
    // Prepare
    const idp = await idpWithKey(await keyPair('k1'));
    const other = await idpWithKey(await keyPair('k1'));
    const token = await idp.sign({ sub: 'm-1', roles: ['member'] });
    await idp.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object;
    const raised = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString(
      'base64url',
    );

    // Act
    const changed = await idp.verify(`${header}.${raised}.${signature}`).catch((error: Error) => error);
    const foreign = await idp
      .verify(await other.sign({ sub: 'm-1', roles: ['admin'] }))
      .catch((error: Error) => error);
    const mutated = await idp.verify(token);
    (mutated as { sub?: string }).sub = 'someone-else';

    // Assess
    expect(changed).toBeInstanceOf(Error);
    expect(foreign).toBeInstanceOf(Error);
    expect((await idp.verify(token)).sub).toBe('m-1');
  });
});
