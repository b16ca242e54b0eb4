/**
 * End to end on the local stack (bench sections `e2e` and `footprint`, from one run): N claims submitted
 * over HTTP at concurrency C by members, each approved through its links by a driver that reads the
 * approvers' e-mails from the outbox and posts the decision with the page's CSRF token, as a person
 * would, until every execution has ended and the claim is PAID. Counts, from the same run, what AWS
 * would bill: state transitions (execution histories), Lambda invocations and durations, DynamoDB
 * capacity units (ReturnConsumedCapacity), HTTP API requests, e-mails and SMS parts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { documentClient, dynamoClientHooks } from '../functions/adapters/dynamodb/client.ts';
import { DynamoRegistryStore } from '../functions/adapters/dynamodb/registry-store.ts';
import { approvalChain } from '../functions/domain/authority.ts';
import type { Member } from '../functions/domain/registry.ts';
import { FUNCTIONS, type FunctionId } from '../infra/functions.ts';
import { buildDemoData } from '../infra/local/demo-data.ts';
import { LOCAL_CREDENTIALS, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/free-port.ts';
import { invocationObservers } from '../infra/local/handlers.ts';
import { localIdp } from '../infra/local/local-idp.ts';
import { REGION, type Runtime, startRuntime } from '../infra/local/runtime.ts';
import { CapacityMeter, type CapacityTotals } from './lib/capacity.ts';
import { type Footprint, smsParts } from './lib/cost.ts';
import { ownCpuMs, processCpuMs } from './lib/cpu.ts';
import { HttpClient } from './lib/http-client.ts';
import { OutboxWatch } from './lib/outbox-watch.ts';
import { median, type Summary, summarize } from './lib/stats.ts';

const PII_HASH_KEY = 'local-only-pii-hash-key';
/** Grassroots unions of the demo registry; each gets enough members for its share of the claims. */
const GRASSROOTS_UNITS = 42;
const WRITE_COMMANDS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];

/** The claims of the run, in turn: eight of ten need one approval level, one two levels, one three. */
const CLAIM_KINDS = [
  ...Array.from({ length: 8 }, () => ({
    program: 'skill-boost',
    benefit: 'technician',
    amountFen: 1000_00,
    facts: {},
    evidence: 'certificate',
  })),
  {
    program: 'accident-protection',
    benefit: 'disability',
    amountFen: 3500_00,
    facts: { disabilityLevel: 4 },
    evidence: 'disability-assessment',
  },
  {
    program: 'accident-protection',
    benefit: 'death',
    amountFen: 20000_00,
    facts: {},
    evidence: 'death-certificate',
    // The benefit requires these as uploaded files: the member uploads them after submitting.
    documents: ['death-certificate', 'proof-of-relation'],
  },
] as const;

/** A small PDF (its type is read from its bytes), one a document. */
function pdfOf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'latin1');
}

export interface EndToEndOptions {
  readonly claims: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

export interface EndToEndResult {
  readonly claims: number;
  readonly concurrency: number;
  readonly levels: Record<string, number>;
  readonly seconds: number;
  readonly claimsPerSecond: number;
  readonly submitMs: Summary;
  readonly submitToPaidMs: Summary;
  readonly floor: {
    readonly singleWriteMs: number;
    readonly writeRequestsPerClaim: number;
    readonly floorMsPerClaim: number;
    /** Wall time per claim (seconds ÷ claims) over the floor. */
    readonly throughputRatio: number;
    /** Median submit-to-PAID time over the floor. */
    readonly latencyRatio: number;
  };
  /**
   * CPU time a claim took during the run, in ms: the one Node process (HTTP API, engine, handlers and
   * this driver) and DynamoDB Local's JVM (null without /proc). On a shared machine these move less
   * than wall time does: they count work, not waiting.
   */
  readonly cpuMsPerClaim: { readonly node: number; readonly dynamoLocal: number | null };
  readonly footprint: Footprint;
  readonly lambdaMedianMs: Record<string, number>;
  readonly dynamo: CapacityTotals;
  readonly httpRequestsByKind: Record<string, number>;
  readonly smsMessages: number;
}

/** A run's counters, filled by the runtime's hooks. */
class Counters {
  readonly meter = new CapacityMeter();
  readonly invocations = new Map<FunctionId, number[]>();
  counting = false;
  observe = (id: FunctionId, ms: number) => {
    if (!this.counting) return;
    const list = this.invocations.get(id) ?? [];
    list.push(ms);
    this.invocations.set(id, list);
  };
  hook = (client: DynamoDBClient) => this.meter.attach(client);
}

/** Median latency of one PutItem of a 1 KB item, one after another, on the same DynamoDB Local. */
async function singleWriteMs(endpoint: string, table: string): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const samples: number[] = [];
    for (let i = 0; i < 320; i++) {
      const started = performance.now();
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: `BENCH#${i}` }, sk: { S: 'FLOOR' }, body: { S: 'x'.repeat(1000) } },
        }),
      );
      if (i >= 20) samples.push(performance.now() - started);
    }
    return median(samples);
  } finally {
    client.destroy();
  }
}

function submission(member: Member, index: number) {
  const kind = CLAIM_KINDS[index % CLAIM_KINDS.length] ?? CLAIM_KINDS[0];
  return {
    kind,
    body: {
      program: kind.program,
      benefit: kind.benefit,
      memberId: member.memberId,
      incidentDate: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
      facts: kind.facts,
      evidence: [{ kind: kind.evidence, number: `BENCH-${index}-${randomUUID().slice(0, 8)}` }],
      payee: { name: member.name, bankName: '中国工商银行北京分行', accountNumber: '6222020200112233445' },
    },
  };
}

/** Reads until `read` gives a value (every 20 ms), or an error naming what did not happen in time. */
async function pollUntil<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The promise's value, or an error naming what did not happen within `timeoutMs`. */
async function withTimeout<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runEndToEnd(opts: EndToEndOptions): Promise<EndToEndResult> {
  const { log } = opts;
  const counters = new Counters();
  dynamoClientHooks.add(counters.hook);
  invocationObservers.push(counters.observe);
  const dataDir = await mkdtemp(join(tmpdir(), 'claims-bench-'));
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  let runtime: Runtime | undefined;
  let watch: OutboxWatch | undefined;
  const client = new HttpClient();
  // The driver's own client (no hook: its reads are not the claims' requests).
  const driverClient = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    runtime = await startRuntime({
      dataDir,
      host: '127.0.0.1',
      apiPort: 0,
      sfnPort: 0,
      dynamoPort: 0,
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: 'bench-',
      demoData: false,
      log: () => undefined,
      echoOutbox: false,
    });
    const rt = runtime;

    // The demo registry with enough active members for one claim each and budgets that pay them all.
    const membersPerUnit = Math.min(999, Math.ceil(opts.claims / GRASSROOTS_UNITS / 0.8) + 2);
    const demo = buildDemoData({ hashKey: PII_HASH_KEY, membersPerUnit });
    const approverMembers = new Set(demo.approvers.map((a) => a.memberId));
    const claimants = demo.members.filter((m) => m.status === 'active' && !approverMembers.has(m.memberId));
    if (claimants.length < opts.claims) throw new Error(`only ${claimants.length} members to claim`);
    const setupClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await new DynamoRegistryStore(documentClient(setupClient), rt.tables.registry).putAll({
      ...demo,
      budgets: demo.budgets.map((b) => ({ ...b, allocatedFen: 1_000_000_000_00 })),
    });
    log(`e2e: registry loaded (${demo.members.length} members, ${demo.units.length} units)`);
    const floorMs = await singleWriteMs(dynamo.endpoint, rt.tables.claims);
    setupClient.destroy();

    const idp = await localIdp(dataDir);
    const work = await Promise.all(
      claimants.slice(0, opts.claims).map(async (member, index) => ({
        member,
        index,
        token: await idp.sign({ sub: member.memberId, roles: ['member'], memberId: member.memberId }),
        ...submission(member, index),
      })),
    );
    // The levels each claim needs, to know how many approval e-mails to wait for.
    const unitByCode = new Map(demo.units.map((u) => [u.code, u]));
    const unitPathOf = (member: Member) =>
      (unitByCode.get(member.unitCode)?.path ?? '').split('/').flatMap((code) => unitByCode.get(code) ?? []);

    watch = new OutboxWatch(rt.outboxDir);
    const outbox = watch;
    const http: Record<string, number> = {
      'POST /claims': 0,
      'GET /a/{linkId}': 0,
      'POST /a/{linkId}': 0,
      'GET /claims/{id}': 0,
    };
    const levels: Record<string, number> = {};
    const submitMs: number[] = [];
    const submitToPaidMs: number[] = [];
    const executionPrefix = rt.stateMachineArn.replace(':stateMachine:', ':execution:');
    const claimIds: string[] = [];

    const linkStored = (link: string) =>
      pollUntil(
        `the approval link ${link} to be stored`,
        async () => {
          const linkId = link.split('/a/')[1] ?? '';
          const out = await driverClient.send(
            new GetItemCommand({
              TableName: rt.tables.claims,
              Key: {
                pk: { S: `LINK#${createHash('sha256').update(linkId, 'utf8').digest('hex')}` },
                sk: { S: 'LINK' },
              },
              ConsistentRead: true,
            }),
          );
          return out.Item === undefined ? undefined : true;
        },
        60_000,
      );

    const driveOne = async (item: (typeof work)[number]) => {
      const started = Date.now();
      const t0 = performance.now();
      const res = await client.send(`${rt.apiUrl}/claims`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${item.token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(item.body),
      });
      http['POST /claims'] = (http['POST /claims'] ?? 0) + 1;
      submitMs.push(performance.now() - t0);
      const submitted = res.json<{ claimId?: string }>();
      if (res.status !== 202 || submitted.claimId === undefined) {
        throw new Error(`POST /claims answered ${res.status}: ${JSON.stringify(submitted)}`);
      }
      const claimId = submitted.claimId;
      claimIds.push(claimId);
      // A benefit that requires documents waits for them: the member uploads each (an upload form).
      for (const kind of 'documents' in item.kind ? item.kind.documents : []) {
        const bytes = pdfOf(`${kind} of ${claimId}`);
        const asked = await client.send(`${rt.apiUrl}/claims/${claimId}/documents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${item.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            kind,
            contentType: 'application/pdf',
            bytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
          }),
        });
        http['POST /claims/{id}/documents'] = (http['POST /claims/{id}/documents'] ?? 0) + 1;
        const target = asked.json<{ url?: string; fields?: Record<string, string> }>();
        if (asked.status !== 201 || target.url === undefined) {
          throw new Error(`POST /claims/${claimId}/documents answered ${asked.status}`);
        }
        const form = new FormData();
        for (const [name, value] of Object.entries(target.fields ?? {})) form.append(name, value);
        form.append('file', new Blob([bytes]), `${kind}.pdf`);
        const sent = await fetch(target.url, { method: 'POST', body: form });
        if (sent.status >= 300) throw new Error(`the upload form of ${claimId} answered ${sent.status}`);
        await sent.arrayBuffer();
      }
      const chain = approvalChain(item.kind.amountFen, unitPathOf(item.member));
      levels[String(chain.length)] = (levels[String(chain.length)] ?? 0) + 1;
      for (const step of chain) {
        const email = await outbox.next(
          claimId,
          (m) => m.channel === 'email' && m.text.includes(`Approval level ${step.level} of`),
        );
        const link = email.links[0] ?? '';
        // The e-mails go out just before the level and its links are written: a person opens the link
        // seconds later; the driver, at once, so it waits for the link's item first.
        await linkStored(link);
        const page = await client.send(link, { headers: { accept: 'application/json' } });
        http['GET /a/{linkId}'] = (http['GET /a/{linkId}'] ?? 0) + 1;
        // The page's form token and sealed form, posted back as its form would.
        const { csrf, sealed } = page.json<{ csrf?: string; sealed?: string }>();
        const decided = await client.send(link, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            decision: 'approve',
            csrf: csrf ?? '',
            ...(sealed === undefined ? {} : { sealed }),
          }).toString(),
        });
        http['POST /a/{linkId}'] = (http['POST /a/{linkId}'] ?? 0) + 1;
        if (decided.status !== 200) throw new Error(`level ${step.level} of ${claimId}: ${decided.status}`);
      }
      // Told when the execution ends (the engine's own event), not polled.
      const { status } = await withTimeout(
        `execution of ${claimId}`,
        rt.engine.ended(`${executionPrefix}:${claimId}`),
        120_000,
      );
      // The member looks at the claim once, as the status page would.
      const view = await client.send(`${rt.apiUrl}/claims/${claimId}`, {
        headers: { authorization: `Bearer ${item.token}` },
      });
      http['GET /claims/{id}'] = (http['GET /claims/{id}'] ?? 0) + 1;
      const claim = view.json<{ status?: string; timeline?: { to: string; at: string }[] }>();
      if (status !== 'SUCCEEDED' || claim.status !== 'PAID') {
        throw new Error(`claim ${claimId}: execution ${status}, status ${claim.status}`);
      }
      const paidAt = claim.timeline?.find((e) => e.to === 'PAID')?.at;
      if (paidAt === undefined) throw new Error(`claim ${claimId}: no PAID event`);
      submitToPaidMs.push(Date.parse(paidAt) - started);
    };

    log(`e2e: ${opts.claims} claims at concurrency ${opts.concurrency}`);
    counters.meter.reset();
    counters.counting = true;
    const begun = performance.now();
    const cpuBefore = { node: ownCpuMs(), dynamoLocal: processCpuMs(dynamo.process.pid) };
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: Math.min(opts.concurrency, work.length) }, async () => {
        for (let item = work[next++]; item !== undefined; item = work[next++]) {
          await driveOne(item);
          done += 1;
          if (done % 100 === 0) log(`e2e: ${done} PAID`);
        }
      }),
    );
    const seconds = (performance.now() - begun) / 1000;
    const cpuAfter = { node: ownCpuMs(), dynamoLocal: processCpuMs(dynamo.process.pid) };
    counters.counting = false;
    await rt.engine.idle();
    await outbox.settle();
    const dynamoTotals = counters.meter.totals();

    // State transitions from each execution's history: every state entered, and each retry of a task.
    let stateTransitions = 0;
    for (const claimId of claimIds) {
      const { events = [] } = await rt.engine.getExecutionHistory({
        executionArn: `${executionPrefix}:${claimId}`,
        maxResults: 1000,
        includeExecutionData: false,
      });
      const entered = events.filter((e) => e.type?.endsWith('StateEntered')).length;
      const tasks = events.filter((e) => e.type === 'TaskStateEntered').length;
      const scheduled = events.filter(
        (e) => e.type === 'TaskScheduled' || e.type === 'LambdaFunctionScheduled',
      ).length;
      stateTransitions += entered + Math.max(0, scheduled - tasks);
    }

    const writeRequests = WRITE_COMMANDS.reduce((sum, c) => sum + (dynamoTotals.requests[c] ?? 0), 0);
    const units = Object.values(dynamoTotals.tables);
    const sms = outbox.messages.filter((m) => m.channel === 'sms');
    const footprint: Footprint = {
      claims: opts.claims,
      stateTransitions,
      lambda: [...counters.invocations].map(([functionId, durations]) => ({
        functionId,
        invocations: durations.length,
        billedMs: durations.reduce((sum, ms) => sum + Math.ceil(ms), 0),
        memoryMb: FUNCTIONS[functionId].memoryMb ?? 512,
      })),
      readUnits: units.reduce((sum, u) => sum + u.readUnits, 0),
      writeUnits: units.reduce((sum, u) => sum + u.writeUnits, 0),
      httpRequests: Object.values(http).reduce((sum, n) => sum + n, 0),
      emails: outbox.messages.filter((m) => m.channel === 'email').length,
      smsParts: sms.reduce((sum, m) => sum + smsParts(m.text), 0),
    };
    const writesPerClaim = writeRequests / opts.claims;
    const floorPerClaim = floorMs * writesPerClaim;
    const paid = summarize(submitToPaidMs);
    return {
      claims: opts.claims,
      concurrency: opts.concurrency,
      levels,
      seconds,
      claimsPerSecond: opts.claims / seconds,
      submitMs: summarize(submitMs),
      submitToPaidMs: paid,
      floor: {
        singleWriteMs: floorMs,
        writeRequestsPerClaim: writesPerClaim,
        floorMsPerClaim: floorPerClaim,
        throughputRatio: (seconds * 1000) / opts.claims / floorPerClaim,
        latencyRatio: paid.p50 / floorPerClaim,
      },
      cpuMsPerClaim: {
        node: (cpuAfter.node - cpuBefore.node) / opts.claims,
        dynamoLocal:
          cpuAfter.dynamoLocal === null || cpuBefore.dynamoLocal === null
            ? null
            : (cpuAfter.dynamoLocal - cpuBefore.dynamoLocal) / opts.claims,
      },
      footprint,
      lambdaMedianMs: Object.fromEntries([...counters.invocations].map(([id, d]) => [id, median(d)])),
      dynamo: dynamoTotals,
      httpRequestsByKind: http,
      smsMessages: sms.length,
    };
  } finally {
    watch?.stop();
    client.close();
    driverClient.destroy();
    await runtime?.stop();
    await dynamo.stop();
    dynamoClientHooks.delete(counters.hook);
    invocationObservers.splice(invocationObservers.indexOf(counters.observe), 1);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
