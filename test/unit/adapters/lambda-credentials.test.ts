import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../../infra/lambda-bundling.ts';
import { PROJECT_ROOT } from '../../../infra/local/handlers.ts';

/** Invokes the bundle's handler once in a fresh Node process with exactly `env`; resolves when it ends. */
function invokeBundle(bundle: string, event: unknown, env: Record<string, string>): Promise<number | null> {
  const script = [
    'const { handler } = await import(process.env.BUNDLE_URL);',
    'try { await handler(JSON.parse(process.env.EVENT), {}); } catch {}',
  ].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        ...env,
        BUNDLE_URL: pathToFileURL(bundle).href,
        EVENT: JSON.stringify(event),
      },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('the Lambda bundles’ credential chain (functions/adapters/lambda-credentials.ts)', () => {
  let dir: string;
  let bundle: string;
  let metafile: Metafile;
  let server: Server;
  let endpoint: string;
  const requests: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambda-credentials-'));
    bundle = join(dir, 'index.mjs');
    const entry = join(PROJECT_ROOT, 'functions/handlers/assess-claim.ts');
    ({ metafile } = await build({
      ...lambdaBuildOptions(entry, dir, PROJECT_ROOT),
      logLevel: 'silent',
      metafile: true,
    }));
    // A stand-in DynamoDB endpoint: it records each request's headers and finds no item.
    server = createServer((request, response) => {
      requests.push(request.headers);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('signs with the credentials Lambda puts in the environment, even where a profile names others', async () => {
    // A profile file with other keys: the SDK's default chain prefers AWS_PROFILE over the environment.
    const config = join(dir, 'config');
    await writeFile(
      config,
      '[profile other]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = secret-from-profile\n',
    );
    await invokeBundle(
      bundle,
      { claimId: 'C01KZ0000000000000000000001' },
      {
        AWS_REGION: 'cn-north-1',
        AWS_ACCESS_KEY_ID: 'AKIDFROMLAMBDAENV',
        AWS_SECRET_ACCESS_KEY: 'secret-from-env',
        AWS_SESSION_TOKEN: 'session-token-from-env',
        AWS_PROFILE: 'other',
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        CLAIMS_TABLE: 'claims-test',
        REGISTRY_TABLE: 'registry-test',
      },
    );
    expect(requests.length).toBeGreaterThan(0);
    for (const headers of requests) {
      expect(headers.authorization).toContain('Credential=AKIDFROMLAMBDAENV/');
      expect(headers['x-amz-security-token']).toBe('session-token-from-env');
    }
  });

  it('leaves the other providers of the default chain out of the bundle', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((path) => path.includes('functions/adapters/lambda-credentials.ts'))).toBe(true);
    for (const provider of [
      'credential-provider-node',
      'credential-provider-ini',
      'credential-provider-sso',
      'credential-provider-process',
      'credential-provider-web-identity',
      'credential-provider-imds',
    ]) {
      expect(inputs.filter((path) => path.includes(`/${provider}/`))).toEqual([]);
    }
  });
});
