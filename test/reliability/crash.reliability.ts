import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { buildDemoData } from '../../infra/local/demo-data.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { localIdp, localKeys } from '../../infra/local/local-idp.ts';
import { REGION } from '../../infra/local/runtime.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { freePorts, npmStart, type StackProcess } from '../support/npm-start.ts';
import {
  ApprovalDriver,
  claimStatuses,
  countStatuses,
  figuresLine,
  OutboxIndex,
  pause,
  planClaims,
  pool,
  submitUntilAccepted,
  verifyRun,
  verifySettled,
  waitAllFinal,
} from './support.ts';

/** 500 claims by default; RELIABILITY_CLAIMS=100 makes a quicker run with the same mix. */
const TOTAL = Number(process.env.RELIABILITY_CLAIMS ?? 500);
const CLAIMS = { paid: Math.round((TOTAL * 439) / 500), rejected: TOTAL - Math.round((TOTAL * 439) / 500) };
const KILLS = 2;
const EARLY = new Set(['SUBMITTED', 'MEMBERSHIP_VERIFIED', 'RULES_PASSED']);

/**
 * Claims that wait at the kills: held on a fraud flag (three members paid to one account), waiting for a
 * data correction (a name the registry does not have), and waiting for funds (their unit's budget is
 * empty). All of one unit, which the planned claims leave out; after the kills the union acts and they pay.
 */
const HASH_KEY = 'local-only-pii-hash-key';
const demo = buildDemoData({ hashKey: HASH_KEY });
const WAITING_UNIT = 'BJ-DC-002';
const WAITING_DISTRICT = demo.units.find((u) => u.code === WAITING_UNIT)?.parentCode ?? '';
const approverIds = new Set(demo.approvers.map((a) => a.memberId));
const waitingMembers = demo.members.filter(
  (m) => m.unitCode === WAITING_UNIT && m.status === 'active' && !approverIds.has(m.memberId),
);
const WAITS = { held: 3, correcting: 2, funds: 2 } as const;
const WAITING_STATUSES = new Set(['ON_HOLD', 'AWAITING_CORRECTION', 'AWAITING_FUNDS']);

describe('crash: kill -9 of the runtime with claims in flight at every stage', () => {
  let main: StackProcess | undefined;
  let dataDir = '';
  let ddb: DynamoDBClient | undefined;

  afterAll(async () => {
    ddb?.destroy();
    await main?.stop();
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it(`restarts after ${KILLS} kill -9: every claim ends as it should, none lost, none paid twice`, {
    timeout: 900_000,
  }, async () => {
    // Prepare
    const started = Date.now();
    dataDir = await mkdtemp(join(tmpdir(), 'claims-crash-'));
    const ports = await freePorts();
    main = await npmStart(dataDir, ports);
    const base = () => `http://127.0.0.1:${ports.api}`;
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${ports.ddb}`,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 10,
    });
    ddb = client;
    const table = (await claimsTableName(client)) ?? 'claims';
    const token = await (await localIdp(dataDir)).sign({ sub: 'admin-test', roles: ['admin'] });
    const active = demo.members.filter((m) => m.unitCode !== WAITING_UNIT && m.status === 'active').length;
    const planned = planClaims(
      'CRASH',
      { paid: Math.min(CLAIMS.paid, active), rejected: CLAIMS.rejected },
      (unitCode) => unitCode !== WAITING_UNIT,
    );
    const plannedPaid = planned.filter((c) => c.expected.includes('PAID')).length;
    const waiting = await submitWaiting(base, token, client, table);
    const deadline = Date.now() + 1_500_000;
    const expected = new Map<string, readonly string[]>();
    let posts = 0;
    let stop = false;

    // Act: members submit (retrying through the crashes with the same key) while approvers decide.
    const submitting = pool(planned, 6, async (claim) => {
      const accepted = await submitUntilAccepted(base, token, claim, deadline);
      posts += accepted.attempts;
      expected.set(accepted.claimId, claim.expected);
    });
    for (const id of waiting.all) expected.set(id, ['PAID']);
    const { keys } = await localKeys(dataDir);
    const driver = new ApprovalDriver(new OutboxIndex(join(dataDir, 'outbox')), base, keys.approvalForm);
    const statusesNow = () => claimStatuses(client, table).catch(() => new Map<string, string>());
    const approving = (async () => {
      while (!stop) {
        await driver.round(await statusesNow(), [...expected.keys()]).catch(() => undefined);
        await pause(200);
      }
    })();

    const progress = setInterval(() => {
      void statusesNow().then((statuses) =>
        console.log(
          `[crash] ${((Date.now() - started) / 1000).toFixed(0)} s: ${expected.size} accepted, ${driver.posts} approval POSTs, ${JSON.stringify(countStatuses(statuses))}`,
        ),
      );
    }, 15_000);
    const atKills: string[] = [];
    const changedByKill: string[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      // Kill once claims are spread over the stages: early steps, awaiting approval, paying or paid.
      const killBy = Date.now() + 150_000;
      for (;;) {
        const statuses = await statusesNow();
        const counts = countStatuses(statuses);
        const early = [...EARLY].reduce((n, s) => n + (counts[s] ?? 0), 0);
        // Early steps only while claims are still being submitted; then approval and payment in flight.
        const submitted = expected.size === planned.length + waiting.all.length;
        // The claims that wait (held, correcting, funds) are parked in their waiting state at every kill.
        const parked = waiting.all.every((id) => WAITING_STATUSES.has(statuses.get(id) ?? ''));
        const ready =
          parked &&
          (early >= 3 || submitted) &&
          (counts.AWAITING_APPROVAL ?? 0) + (counts.APPROVED ?? 0) >= 3 &&
          (counts.PAID ?? 0) >= (kill * TOTAL) / 8;
        const settled = submitted && parked && (counts.PAID ?? 0) + (counts.REJECTED ?? 0) === planned.length;
        if (ready || settled || Date.now() > killBy) {
          atKills.push(
            `kill ${kill}: ${planned.length + waiting.all.length - expected.size} not yet accepted, ${Object.entries(
              counts,
            )
              .map(([s, n]) => `${s} ${n}`)
              .join(', ')}`,
          );
          break;
        }
        await pause(200);
      }
      const beforeKill = await statusesNow();
      await main.kill9();
      main = await npmStart(dataDir, ports);
      // A claim that waited before the kill waits the same way after it (never failed by a replay).
      const afterKill = await statusesNow();
      for (const id of waiting.all) {
        const was = beforeKill.get(id) ?? '';
        if (WAITING_STATUSES.has(was) && afterKill.get(id) !== was)
          changedByKill.push(`${id}: ${was} → ${afterKill.get(id)} at kill ${kill}`);
      }
      atKills[atKills.length - 1] +=
        ` → ${/recovered after restart: [^\n]*/.exec(main.output())?.[0] ?? 'nothing to recover'}`;
    }
    await submitting;
    // The union acts on the waiting claims: corrects the registry and resolves the tickets, raises the
    // budget, clears the fraud flags.
    const waitedAtKills = countStatuses(await statusesNow(), new Set(waiting.all));
    await releaseWaiting(base, dataDir, client, waiting);
    const ids = [...expected.keys()];
    await waitAllFinal(client, table, ids, Math.max(0, deadline - Date.now()));
    stop = true;
    clearInterval(progress);
    await approving;
    // Executions end a moment after their claim's last status (the member's SMS): wait for them too.
    const verify = () =>
      verifyRun({
        ddb: client,
        tables: { claims: table, registry: table.replace(/claims$/, 'registry') },
        sfnUrl: `http://127.0.0.1:${ports.sfn}`,
        expected,
      });
    const f = await verifySettled(verify);
    console.log(
      figuresLine(
        `crash (${KILLS} × kill -9)`,
        f,
        `${atKills.join('; ')}; waiting at the kills ${JSON.stringify(waitedAtKills)}; ${posts} POST /claims for ${planned.length} claims, ${driver.posts} approval POSTs; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ),
    );
    // Assess
    expect(changedByKill).toEqual([]);
    expect(waitedAtKills).toEqual({
      ON_HOLD: WAITS.held,
      AWAITING_CORRECTION: WAITS.correcting,
      AWAITING_FUNDS: WAITS.funds,
    });
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({
      tried: planned.length + waiting.all.length,
      held: planned.length + waiting.all.length,
      lost: 0,
      paidTwice: 0,
      stuck: 0,
      extra: 0,
      ledgerErrors: 0,
    });
    expect(f.byStatus).toEqual({ PAID: plannedPaid + waiting.all.length, REJECTED: CLAIMS.rejected });
  });
});

/** The runtime names its tables without a prefix; read the claims table's name from the list. */
async function claimsTableName(client: DynamoDBClient): Promise<string | undefined> {
  const out = await client.send(new ListTablesCommand({}));
  return out.TableNames?.find((t) => t.endsWith('claims'));
}

interface Waiting {
  held: string[];
  correcting: string[];
  funds: string[];
  all: string[];
  year: number;
}

async function send(base: () => string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Submits the claims that will wait at the kills; the held ones are flagged by a scan before approval. */
async function submitWaiting(
  base: () => string,
  token: string,
  client: DynamoDBClient,
  table: string,
): Promise<Waiting> {
  const registryTable = table.replace(/claims$/, 'registry');
  const year = budgetYear(new Date());
  await new DynamoRegistryStore(documentClient(client), registryTable).putAll({
    budgets: [{ unitCode: WAITING_UNIT, programId: 'skill-boost', year, allocatedFen: 0, paidFen: 0 }],
  });
  const total = WAITS.held + WAITS.correcting + WAITS.funds;
  if (waitingMembers.length < total) throw new Error(`${WAITING_UNIT} has too few members`);
  const submit = async (i: number, extra: Record<string, unknown>, account: string) => {
    const m = waitingMembers[i] as (typeof waitingMembers)[number];
    const body = validSubmission({
      memberId: m.memberId,
      evidence: [{ kind: 'certificate', number: `JS-CRASH-WAIT-${i}` }],
      payee: { name: m.name, bankName: '中国工商银行北京分行', accountNumber: account },
      ...extra,
    });
    const planned = {
      key: `CRASH-WAIT-${i}-${randomUUID()}`,
      memberId: m.memberId,
      unitCode: m.unitCode,
      body,
      expected: ['PAID'],
    };
    return (await submitUntilAccepted(base, token, planned, Date.now() + 120_000)).claimId;
  };
  const held: string[] = [];
  const correcting: string[] = [];
  const funds: string[] = [];
  let i = 0;
  for (; i < WAITS.held; i++) held.push(await submit(i, {}, '6222999900001111222'));
  for (; i < WAITS.held + WAITS.correcting; i++)
    // The claim names the member, and pays them, under a name the registry corrects to: a name and a payee
    // mismatch, one correction round.
    correcting.push(
      await submit(
        i,
        {
          memberName: '姓名不符',
          payee: {
            name: '姓名不符',
            bankName: '中国工商银行北京分行',
            accountNumber: `622299990000${String(i).padStart(7, '0')}`,
          },
        },
        `622299990000${String(i).padStart(7, '0')}`,
      ),
    );
  for (; i < total; i++) funds.push(await submit(i, {}, `622299990000${String(i).padStart(7, '0')}`));
  for (;;) {
    const statuses = await claimStatuses(client, table);
    if (held.every((id) => statuses.get(id) === 'AWAITING_APPROVAL')) break;
    await pause(200);
  }
  await scanTables(client, { claims: table, registry: registryTable }, { hashKey: HASH_KEY, overlapMs: 0 });
  return { held, correcting, funds, all: [...held, ...correcting, ...funds], year };
}

/** What the union does for the waiting claims once the kills are over. */
async function releaseWaiting(
  base: () => string,
  dataDir: string,
  client: DynamoDBClient,
  waiting: Waiting,
): Promise<void> {
  const idp = await localIdp(dataDir);
  const admin = await idp.sign({ sub: 'admin-test', roles: ['admin'] });
  const unitStaff = await idp.sign({ sub: 'staff-unit', roles: ['staff'], unitCode: WAITING_UNIT });
  const districtStaff = await idp.sign({
    sub: 'staff-district',
    roles: ['staff'],
    unitCode: WAITING_DISTRICT,
  });
  const table = (await claimsTableName(client)) ?? 'claims';
  const registry = new DynamoRegistryStore(documentClient(client), table.replace(/claims$/, 'registry'));
  const correctingMembers = waitingMembers.slice(WAITS.held, WAITS.held + WAITS.correcting);
  await registry.putAll({ members: correctingMembers.map((m) => ({ ...m, name: '姓名不符' })) });
  const tickets = (await send(base, unitStaff, 'GET', '/tickets')).body.tickets as {
    ticketId: string;
    claimId: string;
  }[];
  for (const ticket of tickets.filter((t) => waiting.correcting.includes(t.claimId))) {
    const resolved = await send(base, unitStaff, 'POST', `/tickets/${ticket.ticketId}/resolve`, {
      outcome: 'corrected',
      reason: '姓名已按户籍更正',
    });
    if (resolved.status !== 200) throw new Error(`ticket ${ticket.ticketId}: ${resolved.status}`);
  }
  const raised = await send(base, admin, 'PUT', `/budgets/${WAITING_UNIT}/${waiting.year}/skill-boost`, {
    allocatedFen: 100_000_00,
    reason: '追加预算',
  });
  if (raised.status !== 200) throw new Error(`budget raise: ${raised.status}`);
  const flags = (await send(base, districtStaff, 'GET', '/fraud/flags?state=OPEN')).body.flags as {
    claimId: string;
    flagId: string;
  }[];
  for (const flag of flags.filter((f) => waiting.all.includes(f.claimId))) {
    const cleared = await send(
      base,
      districtStaff,
      'POST',
      `/fraud/flags/${flag.claimId}/${flag.flagId}/clear`,
      {
        reason: '已核实为家庭共用账户',
      },
    );
    if (cleared.status !== 200 && cleared.status !== 409)
      throw new Error(`flag ${flag.flagId}: ${cleared.status}`);
  }
}
