import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { beijingDate, beijingYear } from '../../functions/domain/calendar.ts';
import { hashIdNumber, makeIdNumber, maskIdNumber } from '../../functions/domain/id-number.ts';
import { formatCsvLine } from '../../functions/domain/member-import/csv.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { DEMO_MEMBER_ID, DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { parseFaults } from '../../infra/local/faults.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { localIdp } from '../../infra/local/local-idp.ts';
import { ROUTES } from '../../infra/routes.ts';
import { storeImportedClaim, validSubmission } from '../fixtures/claims.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack, until } from '../support/local-stack.ts';
import {
  ACCESS_MATRIX,
  MATRIX_ROLES,
  type MatrixRole,
  OUTCOMES,
  type Outcome,
  ROLE_HEADINGS,
} from './access-matrix.ts';

/** Unit U of the matrix, the district above it, a district elsewhere; a second member of U. */
const UNIT = DEMO_MEMBER_UNIT_CODE;
const ABOVE = 'BJ-HD';
const ELSEWHERE = 'BJ-CY';
const APPROVER_ID = `A-${UNIT}-1`;
const OTHER_MEMBER_ID = 'M000002';
const WRITES = /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)Command$/;
const ROUTE_FUNCTIONS = new Set<string>(ROUTES.map((r) => r.fn));
const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The records the requests name: all real, made before the matrix runs. */
interface Fixture {
  /** A PAID claim of the member of U, in a cut payment batch, with an open fraud flag. */
  readonly claimId: string;
  readonly ticketId: string;
  readonly batchId: string;
  readonly bankResult: string;
  /** A staff proposal of new payee details on the claim, pending (the claim is PAID: confirming it is 409). */
  readonly changeId: string;
  /** An API upload of the bank's result returning the claim's payout, pending a second person. */
  readonly reconciliationId: string;
  readonly flagId: string;
  readonly exportId: string;
  readonly year: number;
  readonly today: string;
  readonly legalAid: Record<string, unknown>;
  /** The resident ID number of a member of U (made here: the demo data keeps only hashes). */
  readonly memberIdNumber: string;
  /** What must never appear in the answer to a made-up link. */
  readonly secrets: readonly string[];
}

interface MatrixRequest {
  readonly method: string;
  readonly path: string;
  readonly json?: unknown;
  readonly text?: { readonly type: string; readonly body: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** For public routes: the answer every caller gets for this made-up link. */
  readonly madeUpStatus?: number;
}

/**
 * One well-formed request per route (its method is the route's), keyed as in the matrix; each names the
 * demo member of U where it acts for or reads a member (the `own-only` cells send it with another
 * member's token too).
 */
const REQUESTS: Readonly<Record<string, (f: Fixture) => Omit<MatrixRequest, 'method'>>> = {
  'POST /claims': () => ({
    path: '/claims',
    headers: { 'idempotency-key': randomUUID() },
    json: validSubmission({
      evidence: [{ kind: 'certificate', number: `MATRIX-${randomUUID().slice(0, 8)}` }],
    }),
  }),
  'GET /claims': () => ({ path: `/claims?unitCode=${UNIT}` }),
  'GET /claims/{claimId}': (f) => ({ path: `/claims/${f.claimId}` }),
  'GET /claims/{claimId}/audit': (f) => ({ path: `/claims/${f.claimId}/audit` }),
  'POST /claims/{claimId}/documents': (f) => ({
    path: `/claims/${f.claimId}/documents`,
    json: { kind: 'certificate', contentType: 'application/pdf', bytes: 2048, sha256: 'ab'.repeat(32) },
  }),
  'POST /uploads': () => ({
    path: '/uploads',
    json: { purpose: 'bank-result', contentType: 'text/csv', bytes: 2048, sha256: 'ab'.repeat(32) },
  }),
  'GET /claims/{claimId}/payee': (f) => ({ path: `/claims/${f.claimId}/payee` }),
  'PUT /claims/{claimId}/payee': (f) => ({
    path: `/claims/${f.claimId}/payee`,
    json: { name: '黄晓彤', bankName: '中国银行北京分行', accountNumber: '6216610100009876543' },
  }),
  'POST /claims/{claimId}/payee/{changeId}/confirm': (f) => ({
    path: `/claims/${f.claimId}/payee/${f.changeId}/confirm`,
  }),
  'GET /p/{token}': () => ({ path: `/p/${madeUpLink()}`, madeUpStatus: 404 }),
  'HEAD /p/{token}': () => ({ path: `/p/${madeUpLink()}`, madeUpStatus: 404 }),
  'POST /p/{token}': () => ({
    path: `/p/${madeUpLink()}`,
    text: {
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ csrf: 'x' }).toString(),
    },
    madeUpStatus: 404,
  }),
  'GET /u/{token}': () => ({ path: `/u/${madeUpLink()}`, madeUpStatus: 404 }),
  'HEAD /u/{token}': () => ({ path: `/u/${madeUpLink()}`, madeUpStatus: 404 }),
  'POST /u/{token}': () => ({
    path: `/u/${madeUpLink()}`,
    text: {
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ csrf: 'x' }).toString(),
    },
    madeUpStatus: 404,
  }),
  'GET /a/{linkId}': () => ({ path: `/a/${madeUpLink()}`, madeUpStatus: 404 }),
  'HEAD /a/{linkId}': () => ({ path: `/a/${madeUpLink()}`, madeUpStatus: 404 }),
  'GET /a/{linkId}/documents/{documentId}': () => ({
    path: `/a/${madeUpLink()}/documents/AAAAAAAAAAAAAAAAAAAAAA?thumb=1`,
    madeUpStatus: 404,
  }),
  'POST /a/{linkId}': () => ({
    path: `/a/${madeUpLink()}`,
    text: {
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ decision: 'approve', reason: '同意', csrf: 'x' }).toString(),
    },
    madeUpStatus: 404,
  }),
  'GET /approvals': () => ({ path: '/approvals' }),
  'PUT /approvers/{approverId}/deputy': (f) => ({
    path: `/approvers/${APPROVER_ID}/deputy`,
    json: { deputyApproverId: `A-${UNIT}-2`, from: f.today, to: f.today, reason: '年假' },
  }),
  'GET /units/{unitCode}/approvers': () => ({ path: `/units/${UNIT}/approvers` }),
  'DELETE /approvers/{approverId}/deputy': () => ({ path: `/approvers/${APPROVER_ID}/deputy` }),
  'GET /programs': () => ({ path: '/programs' }),
  'POST /programs/{programId}/versions': (f) => ({
    path: '/programs/legal-aid/versions',
    json: { ...f.legalAid, version: `matrix-${randomUUID().slice(0, 8)}`, effectiveFrom: '2099-01-01' },
  }),
  'POST /programs/{programId}/retire': () => ({
    path: '/programs/legal-aid/retire',
    json: { effectiveFrom: '2099-06-01', reason: '项目调整' },
  }),
  'DELETE /programs/{programId}/retire': () => ({
    path: '/programs/legal-aid/retire',
    json: { reason: '日期有误，撤回' },
  }),
  'GET /budgets/{unitCode}/{year}': (f) => ({ path: `/budgets/${UNIT}/${f.year}` }),
  'GET /budgets/{unitCode}/{year}/{programId}/waiting': (f) => ({
    path: `/budgets/${UNIT}/${f.year}/skill-boost/waiting`,
  }),
  'PUT /budgets/{unitCode}/{year}/{programId}': (f) => ({
    path: `/budgets/${UNIT}/${f.year}/skill-boost`,
    json: { allocatedFen: 90_000_000, reason: '年度预算调整' },
  }),
  'POST /service-visits': (f) => ({
    path: '/service-visits',
    headers: { 'idempotency-key': `visit-${randomUUID()}` },
    json: {
      program: 'psychological-care',
      service: 'counselling',
      memberId: DEMO_MEMBER_ID,
      unitCode: UNIT,
      visitedOn: f.today,
    },
  }),
  'GET /tickets': () => ({ path: '/tickets' }),
  'POST /tickets/{ticketId}/resolve': (f) => ({
    path: `/tickets/${f.ticketId}/resolve`,
    json: { outcome: 'rejected', reason: '非本人申请' },
  }),
  'POST /tickets/{ticketId}/documents': (f) => ({
    path: `/tickets/${f.ticketId}/documents`,
    json: { kinds: ['certificate'], note: '请上传证书原件照片' },
  }),
  'POST /members/import': () => ({
    path: '/members/import?dryRun=true',
    text: {
      type: 'text/csv; charset=utf-8',
      body: [
        ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期'],
        ['新会员丙', makeIdNumber('110108', '1995-05-05', 31), '13600000031', UNIT, '2024-01-01'],
      ]
        .map((row) => formatCsvLine(row))
        .join(''),
    },
  }),
  'GET /members': (f) => ({ path: `/members?idNumber=${f.memberIdNumber}` }),
  'GET /f/{token}': () => ({ path: `/f/${madeUpLink()}`, madeUpStatus: 404 }),
  'HEAD /f/{token}': () => ({ path: `/f/${madeUpLink()}`, madeUpStatus: 404 }),
  'POST /f/{token}': () => ({
    path: `/f/${madeUpLink()}`,
    text: {
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ rating: '5', csrf: 'x' }).toString(),
    },
    madeUpStatus: 404,
  }),
  'GET /audit/{record}/{id}': () => ({ path: `/audit/member/${DEMO_MEMBER_ID}` }),
  'GET /payment-batches': () => ({ path: `/payment-batches?unitCode=${UNIT}` }),
  'POST /payment-batches': (f) => ({ path: '/payment-batches', json: { unitCode: UNIT, date: f.today } }),
  'GET /payment-batches/{batchId}': (f) => ({
    path: `/payment-batches/${f.batchId}`,
    headers: { accept: 'application/json' },
  }),
  'POST /payment-batches/reconciliations': (f) => ({
    path: '/payment-batches/reconciliations',
    text: { type: 'text/csv', body: f.bankResult },
  }),
  'GET /payment-batches/reconciliations/{reconciliationId}': (f) => ({
    path: `/payment-batches/reconciliations/${f.reconciliationId}`,
  }),
  'POST /payment-batches/reconciliations/{reconciliationId}/confirm': (f) => ({
    path: `/payment-batches/reconciliations/${f.reconciliationId}/confirm`,
  }),
  'GET /fraud/flags': () => ({ path: '/fraud/flags' }),
  'POST /fraud/flags/{claimId}/{flagId}/clear': (f) => ({
    path: `/fraud/flags/${f.claimId}/${f.flagId}/clear`,
    json: { reason: '已核实，证书为本人补发' },
  }),
  'POST /fraud/flags/{claimId}/{flagId}/confirm': (f) => ({
    path: `/fraud/flags/${f.claimId}/${f.flagId}/confirm`,
    json: { reason: '证书重复使用' },
  }),
  'POST /exports': (f) => ({ path: '/exports', json: { year: f.year } }),
  'GET /exports': () => ({ path: '/exports' }),
  'GET /exports/{exportId}': (f) => ({ path: `/exports/${f.exportId}` }),
  'GET /exports/{exportId}/files/{name}': (f) => ({
    path: `/exports/${f.exportId}/files/evaluation-${f.year}.csv?expires=${Math.floor(Date.now() / 1000) + 600}&sig=${madeUpLink()}`,
    madeUpStatus: 403,
  }),
  // No link to make up: the same document for every caller, none of the fixture's personal data in it.
  'GET /plan-figures': () => ({ path: `/plan-figures?unitCode=${UNIT}` }),
  'GET /openapi.json': () => ({ path: '/openapi.json', madeUpStatus: 200 }),
  'GET /docs': () => ({ path: '/docs', madeUpStatus: 200 }),
};

function madeUpLink(): string {
  return randomUUID().replaceAll('-', '').slice(0, 22);
}

/** Rows of the page's role × route table: route → its outcome cells, in column order. */
function docTable(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`((?:GET|HEAD|POST|PUT|DELETE) [^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (match === null) continue;
    const cells = String(match[2])
      .split('|')
      .map((c) => c.trim())
      .slice(0, MATRIX_ROLES.length);
    rows.set(String(match[1]), cells);
  }
  return rows;
}

describe('role × route matrix: every role against every route of infra/routes.ts', () => {
  it('has one access row for every route, and no row for a route that does not exist', () => {
    const routes = ROUTES.map(routeKey).sort();
    expect(Object.keys(ACCESS_MATRIX).sort()).toEqual(routes);
    expect(Object.keys(REQUESTS).sort()).toEqual(routes);
    for (const [route, row] of Object.entries(ACCESS_MATRIX)) {
      const def = ROUTES.find((r) => routeKey(r) === route);
      const publicRow = MATRIX_ROLES.every((role) => row.cells[role] === 'public-link');
      // A public route is public for everyone; a JWT route refuses a missing token.
      expect({ route, public: publicRow }).toEqual({ route, public: def?.auth === 'none' });
      if (!publicRow) expect({ route, noToken: row.cells.noToken }).toEqual({ route, noToken: 'deny-401' });
    }
  });

  it('is the table docs/security.md prints', async () => {
    const page = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'security.md'), 'utf8');
    const rows = docTable(page);
    expect([...rows.keys()].sort()).toEqual(Object.keys(ACCESS_MATRIX).sort());
    for (const [route, row] of Object.entries(ACCESS_MATRIX)) {
      expect({ route, cells: rows.get(route) }).toEqual({
        route,
        cells: MATRIX_ROLES.map((role) => row.cells[role]),
      });
    }
    const heading = page.split('\n').find((line) => /^\|\s*Route\s*\|/.test(line)) ?? '';
    expect(
      heading
        .split('|')
        .map((c) => c.trim())
        .slice(2, 2 + MATRIX_ROLES.length),
    ).toEqual(MATRIX_ROLES.map((role) => ROLE_HEADINGS[role]));
    for (const outcome of OUTCOMES) expect(page).toContain(`\`${outcome}\``);
  });

  describe('over HTTP on the local stack (DynamoDB Local, the ASL engine, the local IdP)', () => {
    let stack: TestStack;
    let fixture: Fixture;
    let tokens: Record<MatrixRole | 'otherMember', string | null>;
    const writes: string[] = [];

    const send = async (
      req: MatrixRequest,
      token: string | null,
    ): Promise<{ status: number; type: string; text: string; wrote: string[] }> => {
      const before = writes.length;
      const headers: Record<string, string> = { ...req.headers };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.text !== undefined) {
        headers['content-type'] = req.text.type;
        body = req.text.body;
      }
      const res = await fetch(`${stack.runtime.apiUrl}${req.path}`, {
        method: req.method,
        headers,
        body,
      });
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        text,
        wrote: writes.slice(before),
      };
    };

    /**
     * Waits until no export runs. An export goes on writing after POST /exports answered (in the local
     * runtime, under the exports function): the next request's writes must be its own.
     */
    const exportsFinished = () =>
      until(
        'every export to finish',
        async () => {
          const res = await fetch(`${stack.runtime.apiUrl}/exports`, {
            headers: { authorization: `Bearer ${String(tokens.admin)}` },
          });
          const { exports = [] } = (await res.json()) as { exports?: { status: string }[] };
          return exports.some((e) => e.status === 'RUNNING') ? undefined : true;
        },
        60_000,
      );

    beforeAll(async () => {
      // All fault shares zero: the injector only reports each handler's DynamoDB calls.
      stack = await startTestStack({ faults: parseFaults('seed=1') });
      stack.runtime.faults?.onDynamoCall((call) => {
        if (WRITES.test(call.command) && ROUTE_FUNCTIONS.has(call.fn))
          writes.push(`${call.fn} ${call.command}`);
      });
      const idp = await localIdp(stack.dataDir);
      // Cognito-shaped subjects: a UUID that equals no member, approver or unit id.
      const sign = (claims: Omit<Parameters<typeof idp.sign>[0], 'sub'>) =>
        idp.sign({ sub: randomUUID(), ...claims });
      tokens = {
        member: await sign({ roles: ['member'], memberId: DEMO_MEMBER_ID }),
        otherMember: await sign({ roles: ['member'], memberId: OTHER_MEMBER_ID }),
        unitStaff: await sign({ roles: ['staff'], unitCode: UNIT }),
        aboveStaff: await sign({ roles: ['staff'], unitCode: ABOVE }),
        otherStaff: await sign({ roles: ['staff'], unitCode: ELSEWHERE }),
        approver: await sign({ roles: ['staff'], unitCode: UNIT, approverId: APPROVER_ID }),
        auditor: await sign({ roles: ['auditor'] }),
        admin: await sign({ roles: ['admin'] }),
        noToken: null,
      };
      const admin = String(tokens.admin);
      const adminApi = apiClient(stack.runtime.apiUrl, admin);
      const asAdmin = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...init.headers },
        });
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return res;
      };
      const member = await stack.registry.getMember(DEMO_MEMBER_ID);
      if (member === null) throw new Error('demo data changed: no demo member');
      const today = beijingDate(new Date());
      const year = beijingYear(new Date());
      const certificate = `MATRIX-CERT-${randomUUID().slice(0, 8)}`;
      const account = '6222020200112233776';

      // The member's own claim, approved through its link and paid.
      const memberApi = apiClient(stack.runtime.apiUrl, String(tokens.member));
      const submitted = await memberApi.submit(
        validSubmission({
          evidence: [{ kind: 'certificate', number: certificate }],
          payee: { name: member.name, bankName: '中国工商银行北京海淀支行', accountNumber: account },
        }),
      );
      if (submitted.status !== 202) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
      const claimId = String(submitted.body.claimId);
      await memberApi.waitFor(claimId, ['AWAITING_APPROVAL']);
      await decideAllLevels(memberApi, stack.runtime.outboxDir, claimId);
      await memberApi.waitFor(claimId, ['PAID']);

      // A claim waiting for a data correction (the name differs from the registry): its ticket.
      const mismatched = await adminApi.submit(
        validSubmission({
          memberId: 'M000003',
          memberName: '名字不符',
          evidence: [{ kind: 'certificate', number: `MATRIX-${randomUUID().slice(0, 8)}` }],
        }),
      );
      const ticketClaim = String(mismatched.body.claimId);
      await adminApi.waitFor(ticketClaim, ['AWAITING_CORRECTION']);
      const tickets = (await (await asAdmin('/tickets')).json()) as {
        tickets: { ticketId: string; claimId: string }[];
      };
      const ticketId = tickets.tickets.find((t) => t.claimId === ticketClaim)?.ticketId;
      if (ticketId === undefined) throw new Error('no correction ticket');

      // The day's payment batch of U, and the bank's result for it (every line confirmed).
      const batch = (await (
        await asAdmin('/payment-batches', {
          method: 'POST',
          body: JSON.stringify({ unitCode: UNIT, date: today }),
        })
      ).json()) as { batchId: string };
      const file = await (await asAdmin(`/payment-batches/${batch.batchId}`)).text();
      const [head = '', ...rest] = file.replace(/^\uFEFF/, '').split('\r\n');
      const resultFile = (result: string) =>
        [
          `${head},结果(Result),原因(Reason)`,
          ...rest.filter((l) => l !== '').map((l) => (l.startsWith('合计') ? `${l},,` : `${l},${result}`)),
          '',
        ].join('\r\n');
      const bankResult = resultFile('CONFIRMED,');
      // Another admin uploads a result returning the payout: it waits for a second person. Then the bank's
      // confirmation is applied, so that confirming the upload later refuses its line and moves no money.
      const uploader = await sign({ roles: ['admin'] });
      const upload = await fetch(`${stack.runtime.apiUrl}/payment-batches/reconciliations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${uploader}`, 'content-type': 'text/csv' },
        body: resultFile('RETURNED,账户已销户'),
      });
      const { reconciliationId } = (await upload.json()) as { reconciliationId: string | null };
      if (reconciliationId === null) throw new Error('the returned line did not wait for a second person');
      await asAdmin('/payment-batches/reconciliations', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: bankResult,
      });

      // A paper-era claim of another member with the same certificate: the fraud scan flags the paid claim.
      const claims = new DynamoClaimsStore(
        documentClient(stack.ddb),
        stack.runtime.tables.claims,
        stack.runtime.tables.registry,
      );
      const at = new Date(Date.now() - 90 * 86_400_000).toISOString();
      const imported = `C01MATRIXIMPORTED${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;
      const unit = await stack.registry.getUnit(UNIT);
      await storeImportedClaim(claims, {
        claimId: imported,
        memberId: OTHER_MEMBER_ID,
        unit,
        at,
        certificate,
        accountNumber: '6217000010098765432',
      });
      await scanTables(stack.ddb, stack.runtime.tables, { hashKey: LOCAL_PII_HASH_KEY });

      // A payee change staff proposed for the claim, still pending (as if proposed after a returned payout).
      const changeId = madeUpLink().slice(0, 16);
      await documentClient(stack.ddb).send(
        new PutCommand({
          TableName: stack.runtime.tables.claims,
          Item: {
            pk: `CLAIM#${claimId}`,
            sk: `PAYEECHANGE#${changeId}`,
            type: 'payeeChange',
            changeId,
            claimId,
            memberId: DEMO_MEMBER_ID,
            round: 2,
            payeeMasked: {
              name: member.name,
              bankName: '中国银行北京分行',
              accountMasked: '***************6543',
            },
            payeeHash: '0'.repeat(64),
            requestedBy: { kind: 'staff', id: randomUUID() },
            requestedAt: new Date().toISOString(),
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            linkHash: '0'.repeat(64),
            status: 'PENDING',
          },
        }),
      );
      const flags = (await (await asAdmin('/fraud/flags?state=OPEN')).json()) as {
        flags: { claimId: string; flagId: string }[];
      };
      const flagId = flags.flags.find((f) => f.claimId === claimId)?.flagId;
      if (flagId === undefined) throw new Error(`no fraud flag on ${claimId}`);

      // An evaluation export, and the catalogue's legal-aid version (the base of a new version).
      const exported = (await (
        await asAdmin('/exports', { method: 'POST', body: JSON.stringify({ year }) })
      ).json()) as { exportId: string };
      const programs = (await (await asAdmin('/programs')).json()) as {
        programs: { programId: string; inForce: Record<string, unknown> | null }[];
      };
      const legalAid = programs.programs.find((p) => p.programId === 'legal-aid')?.inForce;
      if (legalAid == null) throw new Error('no legal-aid program in force');

      // A member of U whose ID number the lookup names.
      const memberIdNumber = makeIdNumber('110108', '1988-08-08', 77);
      await stack.registry.putAll({
        members: [
          {
            ...member,
            memberId: 'M990001',
            name: '查询会员',
            idNumberHash: hashIdNumber(memberIdNumber, LOCAL_PII_HASH_KEY),
            idNumberMasked: maskIdNumber(memberIdNumber),
          },
        ],
      });

      await exportsFinished();
      fixture = {
        memberIdNumber,
        claimId,
        ticketId,
        batchId: batch.batchId,
        bankResult,
        changeId,
        reconciliationId,
        flagId,
        exportId: exported.exportId,
        year,
        today,
        legalAid,
        secrets: [claimId, DEMO_MEMBER_ID, member.name, account],
      };
    }, 120_000);

    afterAll(async () => {
      if (stack === undefined) return;
      await exportsFinished();
      await stack.close();
    }, 90_000);

    /** What is wrong with one cell's answer(s); empty when the cell holds. */
    async function checkCell(route: string, role: MatrixRole, outcome: Outcome, hides: boolean) {
      const build = REQUESTS[route];
      if (build === undefined) return [`${route}: no request`];
      const method = route.slice(0, route.indexOf(' '));
      const req = { ...build(fixture), method };
      const where = `${route} as ${role} (${outcome})`;
      const problems: string[] = [];
      const refused = (
        answer: Awaited<ReturnType<typeof send>>,
        statuses: readonly number[],
        what: string,
      ) => {
        if (!statuses.includes(answer.status))
          problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 160)}`);
        else if (answer.status !== 401 && !answer.type.startsWith('application/problem+json'))
          problems.push(`${what}: refused as ${answer.type}, not problem+json`);
        if (answer.wrote.length > 0) problems.push(`${what}: refused but wrote ${answer.wrote.join(', ')}`);
      };
      const allowed = (answer: Awaited<ReturnType<typeof send>>, what: string) => {
        if (
          answer.status === 401 ||
          answer.status === 403 ||
          answer.status >= 500 ||
          (hides && answer.status === 404)
        )
          problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 160)}`);
      };
      const answer = await send(req, tokens[role]);
      if (route === 'POST /exports' && answer.status === 202) await exportsFinished();
      switch (outcome) {
        case 'allow':
          allowed(answer, where);
          break;
        case 'own-only':
          allowed(answer, where);
          refused(
            await send({ ...build(fixture), method }, tokens.otherMember),
            [403, 404],
            `${where}, another member`,
          );
          break;
        case 'deny-403':
          refused(answer, [403], where);
          break;
        case 'hidden-404':
          refused(answer, [404], where);
          break;
        case 'deny-401':
          refused(answer, [401], where);
          break;
        case 'public-link':
          if (answer.status !== req.madeUpStatus)
            problems.push(`${where}: made-up link answered ${answer.status}`);
          if (answer.wrote.length > 0)
            problems.push(`${where}: made-up link wrote ${answer.wrote.join(', ')}`);
          for (const secret of fixture.secrets)
            if (answer.text.includes(secret)) problems.push(`${where}: made-up link answered with ${secret}`);
          break;
      }
      return problems;
    }

    for (const route of ROUTES) {
      const key = routeKey(route);
      const row = ACCESS_MATRIX[key];
      it(`${key}: ${row?.rule ?? 'NO ACCESS RULE'}`, async () => {
        if (row === undefined) throw new Error(`${key} has no row in the access matrix`);
        const hides = MATRIX_ROLES.some((role) => row.cells[role] === 'hidden-404');
        const problems: string[] = [];
        for (const role of MATRIX_ROLES)
          problems.push(...(await checkCell(key, role, row.cells[role], hides)));
        expect(problems.join('\n')).toBe('');
      });
    }
  });
});
