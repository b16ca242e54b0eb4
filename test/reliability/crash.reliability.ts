import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { PROJECT_ROOT } from '../../infra/local/handlers.ts';
import { localIdp, localKeys } from '../../infra/local/local-idp.ts';
import { REGION } from '../../infra/local/runtime.ts';
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
  waitAllFinal,
} from './support.ts';

/** 500 claims by default; RELIABILITY_CLAIMS=100 makes a quicker run with the same mix. */
const TOTAL = Number(process.env.RELIABILITY_CLAIMS ?? 500);
const CLAIMS = { paid: Math.round((TOTAL * 439) / 500), rejected: TOTAL - Math.round((TOTAL * 439) / 500) };
const KILLS = 2;
const EARLY = new Set(['SUBMITTED', 'MEMBERSHIP_VERIFIED', 'RULES_PASSED']);

interface Main {
  child: ChildProcess;
  tail: () => string;
}

/** The local runtime as `npm start` runs it (infra/local/main.ts), in its own process with its own DynamoDB Local. */
async function startMain(dataDir: string, ports: { api: number; sfn: number; ddb: number }): Promise<Main> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/main.ts',
      '--data-dir',
      dataDir,
      '--port',
      String(ports.api),
      '--sfn-port',
      String(ports.sfn),
      '--dynamodb-port',
      String(ports.ddb),
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 120_000;
  while (!output.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null) throw new Error(`the runtime exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the runtime did not come up:\n${output}`);
    await pause(100);
  }
  return { child, tail: () => output };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('crash: kill -9 of the runtime with claims in flight at every stage', () => {
  let main: Main | undefined;
  let dataDir = '';
  let ddb: DynamoDBClient | undefined;

  afterAll(async () => {
    ddb?.destroy();
    if (main !== undefined && main.child.exitCode === null) {
      main.child.kill('SIGTERM');
      await exited(main.child);
    }
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it(`restarts after ${KILLS} kill -9: every claim ends as it should, none lost, none paid twice`, {
    timeout: 900_000,
  }, async () => {
    // Prepare
    const started = Date.now();
    dataDir = await mkdtemp(join(tmpdir(), 'claims-crash-'));
    const ports = { api: await freePort(), sfn: await freePort(), ddb: await freePort() };
    main = await startMain(dataDir, ports);
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
    const planned = planClaims('CRASH', CLAIMS);
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
    for (let kill = 1; kill <= KILLS; kill++) {
      // Kill once claims are spread over the stages: early steps, awaiting approval, paying or paid.
      const killBy = Date.now() + 150_000;
      for (;;) {
        const counts = countStatuses(await statusesNow());
        const early = [...EARLY].reduce((n, s) => n + (counts[s] ?? 0), 0);
        // Early steps only while claims are still being submitted; then approval and payment in flight.
        const submitted = expected.size === planned.length;
        const ready =
          (early >= 3 || submitted) &&
          (counts.AWAITING_APPROVAL ?? 0) + (counts.APPROVED ?? 0) >= 3 &&
          (counts.PAID ?? 0) >= (kill * TOTAL) / 8;
        const settled =
          expected.size === planned.length && (counts.PAID ?? 0) + (counts.REJECTED ?? 0) === TOTAL;
        if (ready || settled || Date.now() > killBy) {
          atKills.push(
            `kill ${kill}: ${planned.length - expected.size} not yet accepted, ${Object.entries(counts)
              .map(([s, n]) => `${s} ${n}`)
              .join(', ')}`,
          );
          break;
        }
        await pause(200);
      }
      const pid = main.child.pid as number;
      process.kill(pid, 'SIGKILL');
      await exited(main.child);
      main = await startMain(dataDir, ports);
      atKills[atKills.length - 1] +=
        ` → ${/recovered after restart: [^\n]*/.exec(main.tail())?.[0] ?? 'nothing to recover'}`;
    }
    await submitting;
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
    let f = await verify();
    for (let i = 0; i < 40 && f.stuck > 0; i++) {
      await pause(250);
      f = await verify();
    }
    console.log(
      figuresLine(
        `crash (${KILLS} × kill -9)`,
        f,
        `${atKills.join('; ')}; ${posts} POST /claims for ${planned.length} claims, ${driver.posts} approval POSTs; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ),
    );
    // Assess
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({
      tried: TOTAL,
      held: TOTAL,
      lost: 0,
      paidTwice: 0,
      stuck: 0,
      extra: 0,
      ledgerErrors: 0,
    });
    expect(f.byStatus).toEqual({ PAID: CLAIMS.paid, REJECTED: CLAIMS.rejected });
  });
});

/** The runtime names its tables without a prefix; read the claims table's name from the list. */
async function claimsTableName(client: DynamoDBClient): Promise<string | undefined> {
  const out = await client.send(new ListTablesCommand({}));
  return out.TableNames?.find((t) => t.endsWith('claims'));
}
