import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_NAMES } from '../../functions/domain/identity.ts';
import type { DynamoCall } from '../../infra/local/faults.ts';
import { parseFaults } from '../../infra/local/faults.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localIdp } from '../../infra/local/local-idp.ts';
import { ROUTES, type RouteDef } from '../../infra/routes.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, approvalLink, startTestStack, type TestStack, until } from '../support/local-stack.ts';
import { scanAll } from './support.ts';

/** Cases per route (RELIABILITY_FUZZ_RUNS); the seed makes a run repeatable (RELIABILITY_FUZZ_SEED). */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? 20261128);
const WRITE_COMMANDS = /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)Command$/;
const ROUTE_FUNCTIONS = new Set<string>(ROUTES.map((r) => r.fn));

const EVIL = [
  "' OR '1'='1",
  '"; DROP TABLE claims; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '$' + '{jndi:ldap://x/a}',
  '{{7*7}}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFEFF',
  '\u202Egnp.exe',
  '\uD800',
  '𠀀𪚥𫝀',
  'Ω≈ç√∫',
  '🙂‍↔️👩🏽‍⚕️',
  'ｆｕｌｌｗｉｄｔｈ',
  '__proto__',
  'constructor',
  '{"$ne":null}',
  'NaN',
  '-1',
  '1e308',
  '9007199254740993',
  'null',
  '',
  ' ',
  'A'.repeat(5000),
];
/** Raw path pieces that are not valid percent-encoding or that try to climb out of the route. */
const RAW_PATH = ['%', '%E0%A4%A', '%ZZ', '..', '%2F..%2F', '%00', '%C0%AF', '.%2e'];

const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EVIL) },
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);
/** Header values must be ISO-8859-1 for fetch; odd ones are still odd. */
const headerString = fc.oneof(
  fc.constantFrom("' OR 1=1 --", '$' + '{jndi:ldap://x}', '<x>', '', ' ', 'A'.repeat(300), '\t'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
);
const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-1, 0, 1e308, 2 ** 53 + 1, -0.5),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(oddString, fc.jsonValue(), { maxKeys: 3 }),
);

/** Corrupts one part of a valid body: a field of the wrong type or value, a field gone, a field too many. */
function mutated(template: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(template);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), evilValue).map(([k, v]) => ({ ...template, [k]: v })),
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _gone, ...rest } = template;
      return rest;
    }),
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'status', 'claimId', 'paidFen'), evilValue)
      .map(([k, v]) =>
        JSON.parse(
          JSON.stringify({ ...template }).replace(
            /^\{/,
            `{${JSON.stringify(k)}:${JSON.stringify(v ?? null)},`,
          ),
        ),
      ),
    fc.constant([template]),
  );
}

interface Request {
  readonly path: string;
  readonly query: string;
  readonly token: string;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly body: string | undefined;
}

describe('bad input: every route, generated bodies, headers and tokens', () => {
  let stack: TestStack;
  let tokens: Record<string, string>;
  let claimId: string;
  let linkId: string;
  let csrf: string;
  const writes: DynamoCall[] = [];
  const figures = {
    tried: 0,
    held: 0,
    rejected: 0,
    accepted: 0,
    serverErrors: 0,
    notProblem: 0,
    writesFromRejected: 0,
    gateway: 0,
    pages: 0,
  };
  const failures: string[] = [];
  let before = '';

  /** A digest of every item of both tables. */
  const tablesDigest = async () => {
    const hash = createHash('sha256');
    for (const table of [stack.runtime.tables.claims, stack.runtime.tables.registry]) {
      const items = (await scanAll(stack.ddb, table)).map((i) => JSON.stringify(i, Object.keys(i).sort()));
      for (const line of items.sort()) hash.update(line);
    }
    return hash.digest('hex');
  };

  beforeAll(async () => {
    // All shares zero: the injector only lets the test see each handler's DynamoDB calls.
    stack = await startTestStack({ faults: parseFaults('seed=1') });
    stack.runtime.faults?.onDynamoCall((call) => {
      if (WRITE_COMMANDS.test(call.command) && ROUTE_FUNCTIONS.has(call.fn)) writes.push(call);
    });
    const idp = await localIdp(stack.dataDir);
    // An expired token signed with the right key, one signed with another key under the same key id, one unsigned.
    const jwk = JSON.parse(
      await readFile(join(stack.dataDir, 'local-idp', 'signing-key.json'), 'utf8'),
    ) as JWK;
    const claims = { token_use: 'id', [CLAIM_NAMES.groups]: ['admin'] };
    const sign = (key: Parameters<SignJWT['sign']>[0], exp: number) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: String(jwk.kid), typ: 'JWT' })
        .setSubject('admin-test')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(exp - 3600)
        .setExpirationTime(exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: 'admin-test', exp: now + 3600 })).toString(
      'base64url',
    );
    tokens = {
      none: '',
      admin: `Bearer ${await stack.token(['admin'])}`,
      auditor: `Bearer ${await stack.token(['auditor'])}`,
      staff: `Bearer ${await stack.token(['staff'], { unitCode: 'BJ-HD' })}`,
      otherStaff: `Bearer ${await stack.token(['staff'], { unitCode: 'BJ-CY' })}`,
      member: `Bearer ${await stack.token(['member'], { memberId: 'M000001' })}`,
      otherMember: `Bearer ${await stack.token(['member'], { memberId: 'M000002' })}`,
      approver: `Bearer ${await idp.sign({ sub: 'ap', roles: ['staff'], unitCode: 'BJ-HD-001', approverId: 'A-BJ-HD-001-1' })}`,
      expired: `Bearer ${await sign(await importJWK(jwk, 'RS256'), now - 60)}`,
      forged: `Bearer ${await sign(other, now + 3600)}`,
      unsigned: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
      garbage: 'Bearer not.a.token',
      basic: 'Basic YWRtaW46YWRtaW4=',
    };
    // One claim waits for approval, so a real link and claim id are among the path values.
    const submitted = await apiClient(stack.runtime.apiUrl, await stack.token(['admin'])).submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-FUZZ-1' }] }),
    );
    claimId = String(submitted.body.claimId);
    const link = await approvalLink(stack.runtime.outboxDir, claimId);
    linkId = new URL(link).pathname.split('/').pop() ?? '';
    const page = await fetch(link, { headers: { accept: 'application/json' } });
    csrf = ((await page.json()) as { csrf: string }).csrf;
    // Wait until the level's approvers are told: then the claim's execution is parked and the tables stand still.
    await until("the level's approvers to be told", async () => {
      const items = await scanAll(stack.ddb, stack.runtime.tables.claims);
      return (
        items.some((i) => i.pk === `CLAIM#${claimId}` && i.sk === 'APPROVAL#01' && i.notified) || undefined
      );
    });
    before = await tablesDigest();
  });

  afterAll(async () => {
    console.log(
      `[reliability] fuzz: tried ${figures.tried}, held ${figures.held}, lost 0, ` +
        `5xx ${figures.serverErrors}, rejections without problem+json ${figures.notProblem}, ` +
        `writes from rejected requests ${figures.writesFromRejected}; ${figures.rejected} rejected ` +
        `(${figures.gateway} by the gateway's authorizer/limits, ${figures.pages} as link pages), ` +
        `${figures.accepted} accepted; ${ROUTES.length} routes × ${RUNS} cases, seed ${SEED}`,
    );
    await stack?.close();
  });

  function requestFor(route: RouteDef): fc.Arbitrary<Request> {
    const known = fc.constantFrom(
      claimId,
      linkId,
      'BJ-HD',
      'BJ-HD-001',
      '2026',
      'skill-boost',
      'A-BJ-HD-001-1',
      'M000001',
    );
    const pathValue = fc.oneof(
      { weight: 2, arbitrary: known.map(encodeURIComponent) },
      { weight: 3, arbitrary: oddString.map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH) },
    );
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const template = TEMPLATES[`${route.method} ${route.path}`]?.({ csrf, linkId }) ?? { note: 'x' };
    const jsonBody = fc.oneof(
      { weight: 4, arbitrary: mutated(template).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.json() },
      { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '{"a":1}garbage', '\uFEFF{}'),
      },
    );
    const formBody = mutated(template).map((b) =>
      b !== null && typeof b === 'object' && !Array.isArray(b)
        ? new URLSearchParams(
            Object.entries(b).map(([k, v]): [string, string] => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          ).toString()
        : String(b),
    );
    const body = fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: jsonBody },
      { weight: 2, arbitrary: formBody },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'x'.repeat(7 * 1024 * 1024),
          JSON.stringify({ ...template, reason: '长'.repeat(400_000) }),
        ),
      },
    );
    return fc.record({
      path: fc
        .tuple(...names.map(() => pathValue))
        .map((values) => names.reduce((p, n, i) => p.replace(`{${n}}`, values[i] ?? ''), route.path)),
      query: fc
        .option(
          fc.dictionary(fc.constantFrom('status', 'lang', 'limit', 'cursor', 'year'), oddString, {
            maxKeys: 2,
          }),
          {
            nil: undefined,
          },
        )
        .map((q) => (q === undefined ? '' : `?${new URLSearchParams(q).toString()}`)),
      token:
        route.auth === 'none' ? fc.constantFrom('none', 'garbage') : fc.constantFrom(...Object.keys(tokens)),
      contentType: fc.constantFrom(
        undefined,
        'application/json',
        'application/json; charset=gb2312',
        'application/x-www-form-urlencoded',
        'text/plain',
        'text/csv',
        'application/xml',
        'multipart/form-data; boundary=x',
        'garbage/!!',
      ),
      accept: fc.constantFrom(undefined, 'application/json', 'application/problem+json', 'text/html', '*/*'),
      idempotencyKey: fc.option(headerString, { nil: undefined }),
      body: route.method === 'GET' || route.method === 'HEAD' ? fc.constant(undefined) : body,
    });
  }

  async function send(route: RouteDef, req: Request): Promise<void> {
    figures.tried++;
    const headers: Record<string, string> = {};
    const auth = tokens[req.token];
    if (auth) headers.authorization = auth;
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    if (req.accept !== undefined) headers.accept = req.accept;
    if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey;
    const writesBefore = writes.length;
    const res = await fetch(`${stack.runtime.apiUrl}${req.path}${req.query}`, {
      method: route.method,
      headers,
      body: req.body,
    });
    const text = await res.text();
    const wrote = writes.length - writesBefore;
    const type = res.headers.get('content-type') ?? '';
    const where = `${route.method} ${req.path.slice(0, 80)} (${req.token}, ${req.contentType}) → ${res.status}`;
    let held = true;
    if (res.status >= 500) {
      figures.serverErrors++;
      failures.push(`${where}: ${text.slice(0, 200)}`);
      held = false;
    } else if (res.status >= 400) {
      figures.rejected++;
      if (wrote > 0) {
        figures.writesFromRejected++;
        failures.push(
          `${where}: ${wrote} write(s) ${writes
            .slice(writesBefore)
            .map((w) => w.command)
            .join(',')}`,
        );
        held = false;
      }
      const gateway =
        (res.status === 401 && route.auth === 'jwt' && text === '{"message":"Unauthorized"}') ||
        (res.status === 413 && text === '{"message":"Request Entity Too Large"}') ||
        (res.status === 404 && text === '{"message":"Not Found"}') ||
        (res.status === 400 && text === '{"message":"Bad Request"}');
      const page = route.auth === 'none' && type.startsWith('text/html');
      // HEAD answers as GET without the body: the refusal's type is all there is to check (the
      // gateway's own refusals are application/json).
      const head =
        route.method === 'HEAD' &&
        text === '' &&
        /^(application\/problem\+json|application\/json|text\/html)/.test(type);
      if (gateway) figures.gateway++;
      else if (head) figures.pages++;
      else if (page) figures.pages++;
      else if (!isProblem(res.status, type, text)) {
        figures.notProblem++;
        failures.push(`${where}: ${type} ${text.slice(0, 200)}`);
        held = false;
      }
    } else {
      figures.accepted++;
    }
    if (held) figures.held++;
  }

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}`, async () => {
      const before = failures.length;
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (req) => {
          await send(route, req);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(failures.slice(before)).toEqual([]);
    });
  }

  it('wrote nothing to the tables unless a request was accepted', async () => {
    const acceptedWrites = writes.length;
    const after = await tablesDigest();
    if (acceptedWrites === 0) expect(after).toBe(before);
    expect(figures.writesFromRejected).toBe(0);
    expect(figures.serverErrors).toBe(0);
    expect(figures.notProblem).toBe(0);
  });
});

function isProblem(status: number, type: string, text: string): boolean {
  if (!type.startsWith('application/problem+json')) return false;
  try {
    const body = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
    return typeof body.type === 'string' && typeof body.title === 'string' && body.status === status;
  } catch {
    return false;
  }
}

/** A valid body of each writing route, which the cases corrupt. */
const TEMPLATES: Record<string, (ctx: { csrf: string; linkId: string }) => Record<string, unknown>> = {
  'POST /claims': () => validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-FUZZ-2' }] }),
  'POST /a/{linkId}': ({ csrf }) => ({ decision: 'reject', reason: '', csrf }),
  'POST /programs/{programId}/versions': () => ({
    effectiveFrom: '2027-01-01',
    version: '2027.1',
    benefits: [],
  }),
  'POST /programs/{programId}/retire': () => ({ effectiveFrom: '2020-01-01', reason: '' }),
  'DELETE /programs/{programId}/retire': () => ({ reason: '' }),
  'PUT /budgets/{unitCode}/{year}/{programId}': () => ({ allocatedFen: -100, reason: '调整' }),
  'POST /service-visits': () => ({ program: 'culture-sports', memberId: 'M000001', visitedOn: '2030-01-01' }),
  'POST /tickets/{ticketId}/resolve': () => ({ outcome: 'corrected', reason: '' }),
  'POST /members/import': () => ({ csv: '姓名,身份证号\n张三,110101199003070000' }),
  'PUT /approvers/{approverId}/deputy': () => ({
    deputyApproverId: 'A-BJ-HD-001-2',
    from: '2026-12-10',
    to: '2026-12-01',
    reason: '',
  }),
  'DELETE /approvers/{approverId}/deputy': () => ({ reason: '' }),
  'POST /f/{token}': ({ csrf }) => ({ rating: '9', csrf }),
};
