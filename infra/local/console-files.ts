/**
 * The staff console's static files under `/console/`, as CloudFront serves them from S3 in AWS: the built
 * files with their content types, `index.html` for the console's own routes, and the same strict headers
 * (the CSP allows no inline script and no framing).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { consoleCsp } from '../console-csp.ts';

export const CONSOLE_PATH = '/console';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

const SECURITY_HEADERS = {
  'content-security-policy': consoleCsp(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * What `GET /console/...` answers from the built folder `dir`. `config` is the console's config.json
 * (where the API and the sign-in endpoints are), written per stack as the CDK deployment writes it.
 */
export async function consoleFile(dir: string, pathname: string, config: unknown): Promise<StaticAnswer> {
  const rest = pathname === CONSOLE_PATH ? '/' : pathname.slice(CONSOLE_PATH.length);
  if (rest === '/config.json') {
    return {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': TYPES['.json'] ?? '', 'cache-control': 'no-store' },
      body: JSON.stringify(config),
    };
  }
  const relative = normalize(decodeURIComponent(rest)).replace(/^([/\\])+/, '');
  const file = join(dir, relative);
  const inside = file === dir || file.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
  const isFile = inside && relative !== '' && (await stat(file).catch(() => null))?.isFile() === true;
  if (isFile) {
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const hashed = relative.startsWith(`assets${sep}`);
    return {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'content-type': type,
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      body: await readFile(file),
    };
  }
  // A missing asset is a 404; any other path is one of the console's routes: its page is index.html.
  if (relative.startsWith(`assets${sep}`) || extname(relative) !== '') {
    return {
      status: 404,
      headers: { ...SECURITY_HEADERS, 'content-type': TYPES['.txt'] ?? '' },
      body: 'Not Found',
    };
  }
  const index = await readFile(join(dir, 'index.html')).catch(() => null);
  if (index === null) {
    return {
      status: 503,
      headers: { ...SECURITY_HEADERS, 'content-type': TYPES['.txt'] ?? '' },
      body: 'The console is not built: run `npm run build:console`.',
    };
  }
  return {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'content-type': TYPES['.html'] ?? '', 'cache-control': 'no-cache' },
    body: index,
  };
}
