import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { scanPages } from '../../functions/adapters/dynamodb/query.ts';
import { beijingYear } from '../../functions/domain/calendar.ts';
import { FINAL_STATUSES } from '../../functions/domain/claim.ts';
import { csrfToken } from '../../functions/http/csrf.ts';
import { buildDemoData } from '../../infra/local/demo-data.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { REGION, STATE_MACHINE_NAME } from '../../infra/local/runtime.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { SAFETY_NET_MS } from '../support/local-stack.ts';
import { type Item, tableItems } from '../support/table-items.ts';

export type { Item };
/** Every item of a table, read with the test's own client (never through fault injection). */
export const scanAll = tableItems;

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PlannedClaim {
  readonly key: string;
  readonly memberId: string;
  readonly unitCode: string;
  readonly body: Record<string, unknown>;
  /** The statuses the claim may end in. */
  readonly expected: readonly string[];
}

const demo = buildDemoData({ hashKey: 'local-only-pii-hash-key' });

/**
 * One skill-boost claim (CNY 1000, one approval level) for each of `count` demo members, members in good
 * standing first: theirs should be PAID, the others' (suspended, left) REJECTED. Evidence and accounts
 * are unique, so no claim trips another's rules.
 */
export function planClaims(
  run: string,
  counts: { paid: number; rejected?: number },
  filter: (unitCode: string) => boolean = () => true,
) {
  const members = demo.members.filter((m) => filter(m.unitCode));
  const good = members.filter((m) => m.status === 'active').slice(0, counts.paid);
  const bad = members.filter((m) => m.status !== 'active').slice(0, counts.rejected ?? 0);
  if (good.length < counts.paid || bad.length < (counts.rejected ?? 0)) {
    throw new Error(`not enough demo members for ${JSON.stringify(counts)}`);
  }
  return [...good, ...bad].map(
    (m, i): PlannedClaim => ({
      key: `${run}-${i}-${randomUUID()}`,
      memberId: m.memberId,
      unitCode: m.unitCode,
      body: validSubmission({
        memberId: m.memberId,
        evidence: [{ kind: 'certificate', number: `JS-${run}-${String(i).padStart(4, '0')}` }],
        payee: {
          name: m.name,
          bankName: '中国工商银行北京分行',
          accountNumber: `6222${String(i).padStart(15, '0')}`,
        },
      }),
      expected: m.status === 'active' ? ['PAID'] : ['REJECTED'],
    }),
  );
}

export const demoMembers = demo.members;

/**
 * Decides the claims waiting for approval as their approvers would, through the e-mailed links: a claim
 * awaiting approval gets a POST now and then, and so does one whose last POST failed (5xx, no answer).
 */
export class ApprovalDriver {
  private readonly lastTried = new Map<string, number>();
  private readonly retry = new Set<string>();
  posts = 0;

  constructor(
    private readonly outbox: OutboxIndex,
    private readonly baseUrl: () => string,
    private readonly linkSecret?: string,
  ) {}

  async round(statuses: ReadonlyMap<string, string>, claimIds: Iterable<string>): Promise<void> {
    await this.outbox.refresh();
    const now = Date.now();
    const due = [...claimIds].filter(
      (id) =>
        (statuses.get(id) === 'AWAITING_APPROVAL' || this.retry.has(id)) &&
        now - (this.lastTried.get(id) ?? 0) > 1500,
    );
    await pool(due, 12, async (id) => {
      const approval = this.outbox.latest(id)[0];
      if (approval === undefined) return;
      this.lastTried.set(id, Date.now());
      this.posts++;
      const status = await decide(this.baseUrl(), approval.link, 'approve', this.linkSecret);
      if (status === 0 || status >= 500) this.retry.add(id);
      else this.retry.delete(id);
    });
  }
}

/** POST /claims until it is answered 202 (a crash or a fault in between is retried with the same key). */
export async function submitUntilAccepted(
  baseUrl: () => string,
  token: string,
  claim: PlannedClaim,
  deadline: number,
): Promise<{ claimId: string; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    try {
      const res = await fetch(`${baseUrl()}/claims`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': claim.key,
        },
        body: JSON.stringify(claim.body),
      });
      const body = (await res.json().catch(() => ({}))) as { claimId?: string };
      if (res.status === 202 && body.claimId !== undefined) return { claimId: body.claimId, attempts };
      if (res.status < 500)
        throw new Error(`POST /claims ${claim.key}: ${res.status} ${JSON.stringify(body)}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // a refused connection: the runtime is down
    }
    if (Date.now() > deadline) throw new Error(`POST /claims ${claim.key} never accepted`);
    await pause(100);
  }
}

interface Approval {
  readonly level: number;
  readonly link: string;
}

/** The approval e-mails in an outbox by claim, read incrementally (each file once). */
export class OutboxIndex {
  private readonly seen = new Set<string>();
  private readonly byClaim = new Map<string, Approval[]>();

  constructor(private readonly dir: string) {}

  async refresh(): Promise<void> {
    const files = (await readdir(this.dir).catch(() => [] as string[])).filter(
      (f) => f.endsWith('.json') && f.includes('-email-') && !this.seen.has(f),
    );
    for (const file of files) {
      this.seen.add(file);
      const message = JSON.parse(await readFile(join(this.dir, file), 'utf8')) as {
        text: string;
        links: string[];
      };
      const level = /Approval level (\d+) of/.exec(message.text)?.[1];
      const claimId = /claim (C01[0-9A-Z]+)\)/.exec(message.text)?.[1];
      const link = message.links[0];
      if (level === undefined || claimId === undefined || link === undefined) continue;
      const list = this.byClaim.get(claimId) ?? [];
      list.push({ level: Number(level), link });
      this.byClaim.set(claimId, list);
    }
  }

  /** The links of the highest level e-mailed so far. */
  latest(claimId: string): Approval[] {
    const list = this.byClaim.get(claimId) ?? [];
    const top = Math.max(0, ...list.map((a) => a.level));
    return list.filter((a) => a.level === top);
  }
}

/**
 * Posts a decision through a link as the page's form does (GET for the CSRF token, then POST), with the
 * link's host rewritten to `baseUrl` (links carry the address of the runtime that sent them); with the
 * runtime's `linkSecret`, the token is computed instead of read from the page. Returns
 * the POST's status, or 0 when the runtime could not be reached.
 */
export async function decide(
  baseUrl: string,
  link: string,
  decision: 'approve' | 'reject',
  linkSecret?: string,
): Promise<number> {
  const path = new URL(link).pathname;
  const url = `${baseUrl}${path}`;
  try {
    let csrf: string | undefined;
    let sealed: string | undefined;
    if (linkSecret === undefined) {
      const page = await fetch(url, { headers: { accept: 'application/json' } });
      if (page.status !== 200) return page.status;
      ({ csrf, sealed } = (await page.json()) as { csrf?: string; sealed?: string });
    } else {
      // The token the page would carry, computed from the runtime's key: one request instead of two.
      csrf = csrfToken(linkSecret, path.split('/').pop() ?? '');
    }
    const res = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({
        decision,
        reason: '审核意见',
        csrf: csrf ?? '',
        ...(sealed === undefined ? {} : { sealed }),
      }),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    if (error instanceof TypeError) return 0;
    throw error;
  }
}

export interface Figures {
  tried: number;
  held: number;
  lost: number;
  paidTwice: number;
  /** Claims in a state they should not be in (with the reason in `problems`). */
  wrong: number;
  /** Claims whose execution still runs though the claim is final, or has ended though it is not. */
  stuck: number;
  /** Claims in the table that no submission asked for (a duplicate of an idempotent submission). */
  extra: number;
  ledgerErrors: number;
  problems: string[];
  byStatus: Record<string, number>;
}

export function figuresLine(suite: string, f: Figures, more = ''): string {
  return (
    `[reliability] ${suite}: tried ${f.tried}, held ${f.held}, lost ${f.lost}, paid twice ${f.paidTwice}, ` +
    `wrong ${f.wrong}, stuck ${f.stuck}, extra ${f.extra}, ledger errors ${f.ledgerErrors}; ` +
    `${Object.entries(f.byStatus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}${more === '' ? '' : `; ${more}`}`
  );
}

/**
 * The run's figures once no execution is stuck: executions end a moment after their claim's last status
 * (the member's SMS), so the run is read again until none is, or until the safety net for a hung run has
 * passed (the figures then name what is stuck).
 */
export async function verifySettled(verify: () => Promise<Figures>): Promise<Figures> {
  const deadline = Date.now() + SAFETY_NET_MS;
  let figures = await verify();
  while (figures.stuck > 0 && Date.now() < deadline) {
    await pause(250);
    figures = await verify();
  }
  return figures;
}

/**
 * Checks a run from the tables and the Step Functions endpoint: each claim exists once, in a status it
 * may end in, paid at most once (one PAYOUT item and one `paid` event, and only if PAID), its execution
 * running exactly while the claim is open; each budget's paid total is the sum of its claims' payouts,
 * never more than allocated, and nothing stays committed once every claim is final.
 */
export async function verifyRun(opts: {
  ddb: DynamoDBClient;
  tables: { claims: string; registry: string };
  sfnUrl: string;
  /** claimId → the statuses it may end in. */
  expected: ReadonlyMap<string, readonly string[]>;
  /** A FAILED claim is acceptable when its reason passes this check. */
  failedReasonOk?: (reason: string) => boolean;
  /** Claims of earlier runs on the same tables: not counted as extra. */
  earlier?: ReadonlySet<string>;
}): Promise<Figures> {
  const items = await scanAll(opts.ddb, opts.tables.claims);
  const metas = new Map<string, Item>();
  const payouts = new Map<string, Item>();
  const paidEvents = new Map<string, number>();
  for (const item of items) {
    const pk = String(item.pk);
    if (!pk.startsWith('CLAIM#')) continue;
    const claimId = pk.slice('CLAIM#'.length);
    if (item.sk === 'META') metas.set(claimId, item);
    else if (item.sk === 'PAYOUT') payouts.set(claimId, item);
    else if (String(item.sk).startsWith('EVT#') && item.action === 'paid')
      paidEvents.set(claimId, (paidEvents.get(claimId) ?? 0) + 1);
  }
  const f: Figures = {
    tried: opts.expected.size,
    held: 0,
    lost: 0,
    paidTwice: 0,
    wrong: 0,
    stuck: 0,
    extra: [...metas.keys()].filter((id) => !opts.expected.has(id) && !opts.earlier?.has(id)).length,
    ledgerErrors: 0,
    problems: [],
    byStatus: {},
  };
  const sfn = new SFNClient({ endpoint: opts.sfnUrl, region: REGION, credentials: LOCAL_CREDENTIALS });
  const claims = [...opts.expected];
  await pool(claims, 8, async ([claimId, statuses]) => {
    const meta = metas.get(claimId);
    if (meta === undefined) {
      f.lost++;
      f.problems.push(`${claimId}: lost`);
      return;
    }
    const status = String(meta.status);
    f.byStatus[status] = (f.byStatus[status] ?? 0) + 1;
    let ok = true;
    const paid = paidEvents.get(claimId) ?? 0;
    if (paid > 1) {
      f.paidTwice++;
      f.problems.push(`${claimId}: ${paid} paid events`);
      ok = false;
    }
    if ((status === 'PAID') !== payouts.has(claimId) || (status === 'PAID') !== (paid === 1)) {
      f.problems.push(
        `${claimId}: ${status} with ${payouts.has(claimId) ? 'a' : 'no'} payout, ${paid} paid events`,
      );
      ok = false;
    }
    const failure = meta.failure as { reason?: string } | undefined;
    const failedOk =
      status === 'FAILED' &&
      opts.failedReasonOk !== undefined &&
      opts.failedReasonOk(String(failure?.reason ?? ''));
    if (!statuses.includes(status) && !failedOk) {
      f.problems.push(
        `${claimId}: ${status}, expected ${statuses.join('|')} ${JSON.stringify(failure ?? '')}`,
      );
      ok = false;
    }
    if (!ok) f.wrong++;
    const final = FINAL_STATUSES.has(status as never);
    const executionArn = `arn:aws:states:${REGION}:000000000000:execution:${STATE_MACHINE_NAME}:${claimId}`;
    const execution = await sfn
      .send(new DescribeExecutionCommand({ executionArn }))
      .then((d) => String(d.status))
      .catch((error: unknown) => {
        if (error instanceof ExecutionDoesNotExist) return 'NONE';
        throw error;
      });
    if ((execution === 'RUNNING') === final || execution === 'NONE') {
      f.stuck++;
      f.problems.push(`${claimId}: claim ${status}, execution ${execution}`);
      ok = false;
    }
    if (ok) f.held++;
  });
  sfn.destroy();

  // The budget ledger against the payouts.
  const year = beijingYear(new Date());
  const paidBy = new Map<string, number>();
  let open = 0;
  for (const [claimId, meta] of metas) {
    if (!FINAL_STATUSES.has(String(meta.status) as never)) open++;
    const payout = payouts.get(claimId);
    if (payout === undefined) continue;
    const key = `${String(meta.unitCode)}#${String(meta.program)}`;
    paidBy.set(key, (paidBy.get(key) ?? 0) + Number(payout.amountFen));
  }
  for (const b of await scanAll(opts.ddb, opts.tables.registry)) {
    if (!String(b.pk).startsWith('BUDGET#') || Number(b.year) !== year) continue;
    const key = `${String(b.unitCode)}#${String(b.programId)}`;
    const allocated = Number(b.allocatedFen);
    const paidFen = Number(b.paidFen ?? 0);
    const available = Number(b.availableFen ?? allocated - paidFen);
    const committed = Number(b.committedFen ?? 0);
    const problems = [
      paidFen !== (paidBy.get(key) ?? 0) && `paid ${paidFen} but payouts sum to ${paidBy.get(key) ?? 0}`,
      available !== allocated - paidFen && `available ${available} ≠ ${allocated} − ${paidFen}`,
      available < 0 && `available ${available} < 0`,
      committed < 0 && `committed ${committed} < 0`,
      open === 0 && committed !== 0 && `committed ${committed} with every claim final`,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) {
      f.ledgerErrors++;
      f.problems.push(`budget ${key} ${year}: ${problems.join('; ')}`);
    }
  }
  return f;
}

/** Waits until every claim is in a final status (or the deadline passes), reading the table. */
export async function waitAllFinal(
  ddb: DynamoDBClient,
  table: string,
  claimIds: readonly string[],
  timeoutMs: number,
  poll?: () => Promise<void>,
): Promise<Record<string, number>> {
  const wanted = new Set(claimIds);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await claimStatuses(ddb, table);
    const open = [...wanted].filter((id) => !FINAL_STATUSES.has((statuses.get(id) ?? '') as never));
    if (open.length === 0 || Date.now() > deadline) return countStatuses(statuses, wanted);
    await poll?.();
    await pause(250);
  }
}

export async function claimStatuses(ddb: DynamoDBClient, table: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const pages = scanPages(documentClient(ddb), {
    TableName: table,
    FilterExpression: 'sk = :meta',
    ExpressionAttributeValues: { ':meta': 'META' },
    ProjectionExpression: 'claimId, #status',
    ExpressionAttributeNames: { '#status': 'status' },
  });
  for await (const page of pages)
    for (const item of page.Items ?? []) out.set(String(item.claimId), String(item.status));
  return out;
}

export function countStatuses(statuses: ReadonlyMap<string, string>, only?: ReadonlySet<string>) {
  const counts: Record<string, number> = {};
  for (const [id, status] of statuses)
    if (only === undefined || only.has(id)) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
