import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import type { Role } from '../../functions/domain/identity.ts';
import { linkHash } from '../../functions/domain/ids.ts';
import { CONSOLE_DIST_DIR } from '../../infra/local/console-build.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import type { FaultSpec } from '../../infra/local/faults.ts';
import { localIdp } from '../../infra/local/local-idp.ts';
import { REGION, type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { checkAnswersOf } from './contract.ts';
import type { ManualClock } from './manual-clock.ts';

/** Retry pauses of the workflow, shortened so failure paths run in milliseconds. */
export const FAST_RETRIES = Object.fromEntries(
  [
    'Assess',
    'RequestCorrection',
    'ExpireCorrection',
    'RequestDocuments',
    'AwaitDocuments',
    'ExpireDocuments',
    'RequestApproval',
    'RemindApprovers',
    'EscalateApproval',
    'Payout',
    'MarkFailed',
  ].map((state) => [state, 5]),
);

/**
 * How long a test waits for something the stack does by itself (a status, an e-mail) before it gives
 * up: a safety net for a hung run, long enough for a machine under heavy load, never a race.
 */
export const SAFETY_NET_MS = 90_000;

/** Polls until `probe` finds what it looks for; the limit is a safety net for a hung run, not a race. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = SAFETY_NET_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface TestStack {
  readonly runtime: Runtime;
  readonly dataDir: string;
  /** A client of the stack's DynamoDB Local, and the registry store on its tables, to prepare and inspect data. */
  readonly ddb: DynamoDBClient;
  readonly registry: DynamoRegistryStore;
  token(
    roles: Role[],
    claims?: { memberId?: string; unitCode?: string; sub?: string; approverId?: string },
  ): Promise<string>;
  /** A new runtime on the same data folder and tables, after a clean stop. */
  restart(): Promise<void>;
  /** A new runtime on the same data, with the executions as the disk held them at this moment: what kill -9
   *  leaves (the stop's own writes are thrown away). */
  crash(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The local runtime on the test run's DynamoDB Local (tables prefixed per stack) with the real ASL
 * engine, HTTP API and Step Functions endpoint on free ports.
 */
export async function startTestStack(
  opts: {
    demoData?: boolean;
    /** Compresses workflow time (Task timeouts, Wait seconds): e.g. 0.5 / 86400 makes a day half a second. */
    timeScale?: number;
    /** Fault injection in the runtime's handlers (infra/local/faults.ts). */
    faults?: FaultSpec;
    /** Fires the workflow's callback timeouts when the test moves it on, instead of in real time. */
    clock?: ManualClock;
    /** The clock the local documents bucket checks its signed links with (a test moves it past their expiry). */
    documentClock?: () => Date;
    /**
     * Seconds the handlers cache units, approvers and programs (default 0 here: tests change the registry
     * directly, outside the handlers' stores, and expect the next claim to see it).
     */
    registryCacheSeconds?: number;
    /** Serve the built staff console under /console/ (global set-up builds it). */
    console?: boolean;
  } = {},
): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'claims-test-'));
  const tablePrefix = `t${randomUUID().slice(0, 8)}-`;
  const start = () =>
    startRuntime({
      dataDir,
      host: '127.0.0.1',
      apiPort: 0,
      sfnPort: 0,
      dynamoPort: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix,
      demoData: opts.demoData ?? true,
      retryIntervalOverrides: FAST_RETRIES,
      timeScale: opts.timeScale,
      callbackClock: opts.clock,
      documentClock: opts.documentClock,
      log: () => undefined,
      echoOutbox: false,
      faults: opts.faults,
      registryCacheSeconds: opts.registryCacheSeconds ?? 0,
      consoleDir: opts.console === true ? CONSOLE_DIST_DIR : null,
    });
  const runtime = await start();
  const ddb = new DynamoDBClient({
    endpoint: runtime.dynamoEndpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  // Where a link e-mailed from this stack's outbox is stored (approvalLink waits for it).
  linkTables.set(runtime.outboxDir, { ddb, table: runtime.tables.claims });
  const stack = {
    runtime,
    dataDir,
    ddb,
    registry: new DynamoRegistryStore(documentClient(ddb), runtime.tables.registry),
    token: async (
      roles: Role[],
      claims: { memberId?: string; unitCode?: string; sub?: string; approverId?: string } = {},
    ) =>
      (await localIdp(dataDir)).sign({
        sub: claims.sub ?? claims.memberId ?? `${roles[0]}-test`,
        roles,
        memberId: claims.memberId,
        unitCode: claims.unitCode,
        approverId: claims.approverId,
      }),
    restart: async () => {
      await stack.runtime.stop();
      stack.runtime = await start();
    },
    crash: async () => {
      const executions = join(dataDir, 'stepfunctions');
      const atKill = `${executions}.at-kill`;
      await cp(executions, atKill, { recursive: true });
      await stack.runtime.stop();
      await rm(executions, { recursive: true, force: true });
      await rename(atKill, executions);
      stack.runtime = await start();
    },
    close: async () => {
      uncheck();
      ddb.destroy();
      await stack.runtime.stop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
  // Every answer of this stack's API is checked against the OpenAPI document (test/support/contract.ts).
  const uncheck = checkAnswersOf(() => stack.runtime.apiUrl);
  return stack;
}

export interface ApiClient {
  submit(body: unknown, key?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  claim(claimId: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Polls GET /claims/{id} until the status is one of `statuses` (giving up after SAFETY_NET_MS). */
  waitFor(claimId: string, statuses: string[], timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function apiClient(baseUrl: string, token: string): ApiClient {
  const client: ApiClient = {
    submit: async (body, key = randomUUID()) => {
      const res = await fetch(`${baseUrl}/claims`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    claim: async (claimId) => {
      const res = await fetch(`${baseUrl}/claims/${claimId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    waitFor: async (claimId, statuses, timeoutMs = SAFETY_NET_MS) => {
      const deadline = Date.now() + timeoutMs;
      let last: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        const { status, body } = await client.claim(claimId);
        last = body;
        if (status === 200 && statuses.includes(String(body.status))) return body;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(
        `claim ${claimId} did not reach ${statuses.join('|')}; last seen ${JSON.stringify(last.status)}`,
      );
    },
  };
  return client;
}

export interface OutboxMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  links: string[];
}

/** The messages in the outbox that mention a claim. */
export async function outboxFor(outboxDir: string, claimId: string): Promise<OutboxMessage[]> {
  const files = await readdir(outboxDir).catch(() => []);
  const messages = await Promise.all(
    files
      .filter((f) => f.endsWith('.json'))
      .map(async (f) => JSON.parse(await readFile(join(outboxDir, f), 'utf8')) as OutboxMessage),
  );
  return messages.filter((m) => m.text.includes(claimId) || m.subject.includes(claimId));
}

/** The claims table of each test stack, by its outbox folder. */
const linkTables = new Map<string, { ddb: DynamoDBClient; table: string }>();

/**
 * Waits until the approval link e-mailed from a stack's outbox is stored: RequestApproval e-mails a
 * level's approvers just before it writes the level and its links, so a link read from the outbox at
 * once may not open yet. Read straight from the table (no handler, so no request of a step is counted).
 */
export async function linkStored(outboxDir: string, link: string, timeoutMs = SAFETY_NET_MS): Promise<void> {
  const where = linkTables.get(outboxDir);
  const linkId = link.split('/a/')[1]?.split(/[?#]/)[0];
  if (where === undefined || linkId === undefined) return;
  const doc = documentClient(where.ddb);
  await until(
    `the approval link ${link} to be stored`,
    async () =>
      (
        await doc.send(
          new GetCommand({
            TableName: where.table,
            Key: { pk: `LINK#${linkHash(linkId)}`, sk: 'LINK' },
            ConsistentRead: true,
          }),
        )
      ).Item === undefined
        ? undefined
        : true,
    timeoutMs,
  );
}

/**
 * The approval link of a level in the e-mail about a claim, waiting for it to be sent and stored (the
 * e-mails go out just before the level is written).
 */
export async function approvalLink(
  outboxDir: string,
  claimId: string,
  level = 1,
  timeoutMs = SAFETY_NET_MS,
): Promise<string> {
  const link = await until(
    `the approval e-mail of ${claimId} level ${level}`,
    async () =>
      (await outboxFor(outboxDir, claimId)).find(
        (m) => m.channel === 'email' && m.text.includes(`Approval level ${level} of`),
      )?.links[0],
    timeoutMs,
  );
  await linkStored(outboxDir, link, timeoutMs);
  return link;
}

/**
 * An approver's own link for a level of a claim, taken the way the product gives it to an approver who
 * was not e-mailed (only the level's assigned approver is, when it opens): from their queue, GET
 * /approvals signed in as that approver, waiting until the open level is listed there.
 */
export async function queueLink(
  stack: Pick<TestStack, 'runtime' | 'token'>,
  claimId: string,
  approverId: string,
  level = 1,
  timeoutMs = SAFETY_NET_MS,
): Promise<string> {
  const token = await stack.token(['staff'], { sub: approverId, approverId });
  return until(
    `${approverId}'s queue to list ${claimId} level ${level}`,
    async () => {
      const res = await fetch(`${stack.runtime.apiUrl}/approvals`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`GET /approvals as ${approverId} answered ${res.status}`);
      const { pending } = (await res.json()) as {
        pending: { claimId: string; level: number; linkUrl: string }[];
      };
      return pending.find((p) => p.claimId === claimId && p.level === level)?.linkUrl;
    },
    timeoutMs,
  );
}

/** POSTs a decision as the approval page's form would: with the CSRF token and sealed form the page (GET) carries. */
export async function postDecision(link: string, fields: Record<string, string>): Promise<Response> {
  const page = await fetch(link, { headers: { accept: 'application/json' } });
  const { csrf, sealed } = (await page.json()) as { csrf?: string; sealed?: string };
  return fetch(link, {
    method: 'POST',
    body: new URLSearchParams({ ...fields, csrf: csrf ?? '', ...(sealed === undefined ? {} : { sealed }) }),
  });
}

/**
 * Approves (or rejects) a claim through the link of each level its chain needs, as the approvers would,
 * and returns the claim when it leaves AWAITING_APPROVAL.
 */
export async function decideAllLevels(
  api: ApiClient,
  outboxDir: string,
  claimId: string,
  decision: 'approve' | 'reject' = 'approve',
): Promise<Record<string, unknown>> {
  for (let level = 1; ; level++) {
    const link = await approvalLink(outboxDir, claimId, level);
    const res = await postDecision(link, { decision, reason: '审核意见' });
    if (res.status !== 200) throw new Error(`level ${level} of ${claimId}: POST answered ${res.status}`);
    // Wait until the decision moved the claim on: to the next level's e-mail, or out of approval.
    const deadline = Date.now() + SAFETY_NET_MS;
    for (;;) {
      const claim = (await api.claim(claimId)).body;
      const approval = claim.approval as { level?: number } | null;
      if (claim.status !== 'AWAITING_APPROVAL') return claim;
      if (
        approval?.level === level &&
        (await outboxFor(outboxDir, claimId)).some((m) => m.text.includes(`Approval level ${level + 1} of`))
      ) {
        break;
      }
      if (Date.now() > deadline) throw new Error(`claim ${claimId} stayed at level ${level}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
