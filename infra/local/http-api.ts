import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionId } from '../functions.ts';
import type { RouteDef } from '../routes.ts';
import { consoleRoutes } from './console-routes.ts';
import { LOCAL_JWKS_PATH, type LocalIdp } from './local-idp.ts';

export type HttpLambda = (event: APIGatewayProxyEventV2WithJWTAuthorizer, fn: FunctionId) => Promise<unknown>;

/** API Gateway's and Lambda's limit on a request body. */
const MAX_BODY = 6 * 1024 * 1024;

interface CompiledRoute {
  readonly route: RouteDef;
  readonly pattern: RegExp;
  readonly params: string[];
}

function compile(route: RouteDef): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      const match = /^\{(\w+)\}$/.exec(part);
      if (match?.[1] === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(match[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), params };
}

/** API Gateway hands JWT claims to the Lambda as strings; arrays appear as `[a b]`. */
function claimsAsStrings(
  payload: Record<string, unknown>,
): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    out[key] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return out;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit, read on and drop the rest, so the client gets its 413 instead of a reset connection.
    if (size <= MAX_BODY) chunks.push(chunk);
  }
  return size > MAX_BODY ? null : Buffer.concat(chunks);
}

const TEXTUAL = /^(text\/|application\/(json|.*\+json|x-www-form-urlencoded|xml))/i;

/**
 * The HTTP API on one machine: the same route table as API Gateway, requests turned into payload
 * format 2.0 events, bearer tokens checked as the JWT authorizer would, handlers invoked in-process.
 */
export function startHttpApi(opts: {
  routes: readonly RouteDef[];
  invoke: HttpLambda;
  idp: LocalIdp;
  port: number;
  host?: string;
  log?: (line: string) => void;
  /** Paths served beside the route table (the local documents bucket): true when it answered the request. */
  extra?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** The console's built folder, served under /console/ (null: no console). */
  consoleDir?: string | null;
}): Promise<{ url: string; close(): Promise<void> }> {
  const compiled = opts.routes.map(compile);
  const consolePages = consoleRoutes({ idp: opts.idp, consoleDir: opts.consoleDir ?? null });
  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (opts.extra !== undefined && (await opts.extra(req, res, url))) {
        opts.log?.(`${method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`);
        return;
      }
      if (method === 'GET' && url.pathname === LOCAL_JWKS_PATH) {
        // The IdP's public key, as Cognito publishes its JWKS: tools check they sign with the same key.
        send(res, 200, JSON.stringify(opts.idp.jwks()), { 'content-type': 'application/json' });
        return;
      }
      // The console's files and the local IdP's sign-in endpoints (S3 + CloudFront and Cognito in AWS).
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      const page = await consolePages.answer(method, url, origin, () => readBody(req));
      if (page !== null) {
        res.writeHead(page.status, page.headers);
        res.end(method === 'HEAD' ? undefined : page.body);
        opts.log?.(`${method} ${url.pathname} ${page.status} ${Date.now() - started}ms`);
        return;
      }
      const matches = compiled.filter((c) => c.pattern.test(url.pathname));
      const match = matches.find((c) => c.route.method === method);
      if (match === undefined) {
        await readBody(req); // read what was sent, so the client gets the answer rather than a reset
        send(res, 404, JSON.stringify({ message: 'Not Found' }));
        return;
      }
      const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
      let pathParameters: Record<string, string>;
      try {
        pathParameters = Object.fromEntries(
          match.params.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]),
        );
      } catch {
        // A path that is not valid percent-encoded UTF-8: the gateway refuses it, as API Gateway does.
        await readBody(req);
        send(res, 400, JSON.stringify({ message: 'Bad Request' }));
        return;
      }

      let authorizer: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'] | undefined;
      if (match.route.auth === 'jwt') {
        const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const payload = bearer === undefined ? null : await opts.idp.verify(bearer).catch(() => null);
        if (payload === null) {
          await readBody(req);
          send(res, 401, JSON.stringify({ message: 'Unauthorized' }), { 'www-authenticate': 'Bearer' });
          return;
        }
        authorizer = {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: claimsAsStrings(payload as Record<string, unknown>), scopes: [] },
        };
      }

      const body = await readBody(req);
      if (body === null) {
        send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const textual = TEXTUAL.test(headers['content-type'] ?? 'text/plain');
      const now = new Date();
      const event = {
        version: '2.0',
        routeKey: `${match.route.method} ${match.route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        cookies: headers.cookie?.split(/;\s*/),
        headers,
        queryStringParameters: url.search === '' ? undefined : Object.fromEntries(url.searchParams),
        pathParameters,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          authorizer,
          domainName: headers.host ?? '127.0.0.1',
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: `HTTP/${req.httpVersion}`,
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId: randomUUID(),
          routeKey: `${match.route.method} ${match.route.path}`,
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
        },
        body: body.length === 0 ? undefined : textual ? body.toString('utf8') : body.toString('base64'),
        isBase64Encoded: body.length > 0 && !textual,
      } as APIGatewayProxyEventV2WithJWTAuthorizer;

      const result = await opts.invoke(event, match.route.fn);
      const structured: APIGatewayProxyStructuredResultV2 =
        result !== null && typeof result === 'object' && 'statusCode' in result
          ? (result as APIGatewayProxyStructuredResultV2)
          : {
              statusCode: 200,
              body: JSON.stringify(result),
              headers: { 'content-type': 'application/json' },
            };
      const outHeaders: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(structured.headers ?? {})) outHeaders[key] = String(value);
      if (structured.cookies !== undefined && structured.cookies.length > 0)
        outHeaders['set-cookie'] = structured.cookies;
      res.writeHead(structured.statusCode ?? 200, outHeaders);
      res.end(
        structured.body === undefined
          ? ''
          : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8'),
      );
      opts.log?.(`${method} ${url.pathname} ${structured.statusCode ?? 200} ${Date.now() - started}ms`);
    } catch (error) {
      opts.log?.(`${method} ${url.pathname} 500 ${(error as Error).message}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
      else res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      resolve({
        url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
