import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { beijingYear } from '../../functions/domain/calendar.ts';
import { apiClient, queueLink, startTestStack, type TestStack, until } from '../support/local-stack.ts';
import {
  claimStatuses,
  decide,
  figuresLine,
  OutboxIndex,
  pause,
  planClaims,
  pool,
  scanAll,
  verifyRun,
  verifySettled,
  waitAllFinal,
} from './support.ts';

describe('races', () => {
  let stack: TestStack;
  let admin: string;
  let outbox: OutboxIndex;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.token(['admin']);
    outbox = new OutboxIndex(stack.runtime.outboxDir);
  });
  afterAll(async () => {
    await stack.close();
  });

  /** Checks this test's claims; the claims of the tests before it are not extra. */
  const check = async (expected: Map<string, readonly string[]>) => {
    const all = await claimStatuses(stack.ddb, stack.runtime.tables.claims);
    const earlier = new Set([...all.keys()].filter((id) => !expected.has(id) && checked.has(id)));
    const verify = () =>
      verifyRun({
        ddb: stack.ddb,
        tables: stack.runtime.tables,
        sfnUrl: stack.runtime.sfnUrl,
        expected,
        earlier,
      });
    const figures = await verifySettled(verify);
    for (const id of expected.keys()) checked.add(id);
    return figures;
  };
  const checked = new Set<string>();

  /** Submits planned claims and waits until each awaits approval with its approvers' links e-mailed. */
  async function awaitingApproval(run: string, paid: number, unit: (code: string) => boolean) {
    const api = apiClient(stack.runtime.apiUrl, admin);
    const planned = planClaims(run, { paid }, unit);
    const ids: string[] = [];
    for (const claim of planned) {
      const res = await api.submit(claim.body, claim.key);
      if (res.status !== 202) throw new Error(`submit ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(String(res.body.claimId));
    }
    for (const id of ids) {
      await api.waitFor(id, ['AWAITING_APPROVAL']);
      for (;;) {
        await outbox.refresh();
        if (outbox.latest(id).length > 0) break;
        await pause(50);
      }
    }
    return ids;
  }

  /** Approves each claim through one of its links, all at once. */
  async function approveAll(ids: readonly string[]) {
    const statuses = await Promise.all(
      ids.map((id) => decide(stack.runtime.apiUrl, outbox.latest(id)[0]?.link ?? '', 'approve')),
    );
    if (statuses.some((s) => s !== 200)) throw new Error(`approvals answered ${statuses.join(',')}`);
  }

  /**
   * Status codes of `requests` decisions posted at once across the level's links (GETs for their tokens
   * first): the e-mailed one (the level's assigned approver's) and every other approver's, from their queue.
   */
  async function concurrentDecisions(claimId: string, requests: number) {
    const claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    const level = await claims.getApprovalRequest(claimId, 1);
    const queued = await Promise.all((level?.approverIds ?? []).map((id) => queueLink(stack, claimId, id)));
    const links = [...new Set([...outbox.latest(claimId).map((a) => a.link), ...queued])].map(
      (link) => `${stack.runtime.apiUrl}${new URL(link).pathname}`,
    );
    expect(links).toHaveLength(level?.approverIds.length ?? -1);
    const forms = await Promise.all(
      links.map(async (url) => {
        const page = await fetch(url, { headers: { accept: 'application/json' } });
        return { url, csrf: ((await page.json()) as { csrf: string }).csrf };
      }),
    );
    return Promise.all(
      Array.from({ length: requests }, async (_, i) => {
        const form = forms[i % forms.length] as { url: string; csrf: string };
        const decision = i % 3 === 2 ? 'reject' : 'approve';
        const res = await fetch(form.url, {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: new URLSearchParams({ decision, reason: '并发审批', csrf: form.csrf }),
        });
        await res.arrayBuffer();
        return { status: res.status, decision };
      }),
    );
  }

  it('concurrent decisions on one level: exactly one is recorded, the claim follows it, paid at most once', async () => {
    // Prepare
    const ids = await awaitingApproval('RACE-LINK', 12, (u) => u.startsWith('BJ-XC'));
    // Act: 24 decisions at once per claim (approve and reject mixed) across all of its links.
    const answers = new Map<string, { status: number; decision: string }[]>();
    await pool(ids, 3, async (id) => {
      answers.set(id, await concurrentDecisions(id, 24));
    });
    const expected = new Map<string, readonly string[]>();
    for (const [id, list] of answers) {
      const winners = list.filter((a) => a.status === 200);
      // The claim must end as the one recorded decision said; two recorded decisions fail the check.
      expected.set(
        id,
        winners.length === 1 ? [winners[0]?.decision === 'approve' ? 'PAID' : 'REJECTED'] : [],
      );
    }
    await waitAllFinal(stack.ddb, stack.runtime.tables.claims, ids, 60_000);
    const f = await check(expected);
    const decisions = (await scanAll(stack.ddb, stack.runtime.tables.claims)).filter(
      (i) =>
        ids.includes(String(i.claimId)) &&
        String(i.sk).startsWith('EVT#') &&
        /^(approved-level-|rejected-approver)/.test(String(i.action)),
    );
    const others = [...answers.values()].flat().filter((a) => a.status !== 200 && a.status !== 409);
    console.log(
      figuresLine(
        'races (one approval level, 24 concurrent decisions per claim)',
        f,
        `${[...answers.values()].flat().length} POSTs: ${decisions.length} decisions recorded for ${ids.length} claims, ${others.length} answers other than 200/409`,
      ),
    );
    // Assess
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({ tried: 12, held: 12, lost: 0, paidTwice: 0, extra: 0, ledgerErrors: 0 });
    expect(decisions).toHaveLength(ids.length);
    expect(others).toEqual([]);
  });

  it('concurrent payouts against a small budget: the budget pays what it holds, never more, the rest wait', async () => {
    // Prepare: a budget for 3 claims and CNY 50 over; 10 claims approved at once.
    const unit = 'BJ-DC-002';
    const year = beijingYear(new Date());
    const put = await fetch(`${stack.runtime.apiUrl}/budgets/${unit}/${year}/skill-boost`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ allocatedFen: 3 * 1000_00 + 50_00, reason: '并发测试' }),
    });
    expect(put.status).toBe(200);
    const ids = await awaitingApproval('RACE-FUNDS', 10, (u) => u === unit);
    // Act
    await approveAll(ids);
    await until('the ten claims to be PAID or waiting for funds', async () => {
      const statuses = await claimStatuses(stack.ddb, stack.runtime.tables.claims);
      return ids.every((id) => ['PAID', 'AWAITING_FUNDS'].includes(statuses.get(id) ?? '')) || undefined;
    });
    const f = await check(new Map(ids.map((id) => [id, ['PAID', 'AWAITING_FUNDS']])));
    const budget = (await scanAll(stack.ddb, stack.runtime.tables.registry)).find(
      (i) => i.pk === `BUDGET#${unit}` && i.sk === `skill-boost#${year}`,
    );
    console.log(
      figuresLine(
        'races (10 concurrent payouts, budget for 3)',
        f,
        `budget paid ${budget?.paidFen} fen, available ${budget?.availableFen} fen`,
      ),
    );
    // Assess
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({ tried: 10, held: 10, lost: 0, paidTwice: 0, extra: 0, ledgerErrors: 0 });
    expect(f.byStatus).toEqual({ PAID: 3, AWAITING_FUNDS: 7 });
    expect(budget).toMatchObject({ paidFen: 3 * 1000_00, availableFen: 50_00 });
  });

  it('the same Idempotency-Key 50 times at once makes one claim; another body under the key is refused', async () => {
    // Prepare
    const planned = planClaims('RACE-IDEM', { paid: 5 }, (u) => u.startsWith('BJ-CY'));
    const before = await claimStatuses(stack.ddb, stack.runtime.tables.claims);
    // Act: per key, 50 submissions at once; for the last key half of them carry another amount of evidence.
    const rounds = await Promise.all(
      planned.map(async (claim, round) => {
        const other = { ...claim.body, evidence: [{ kind: 'certificate', number: `JS-OTHER-${round}` }] };
        const answers = await Promise.all(
          Array.from({ length: 50 }, async (_, i) => {
            const body = round === planned.length - 1 && i % 2 === 1 ? other : claim.body;
            const res = await fetch(`${stack.runtime.apiUrl}/claims`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${admin}`,
                'content-type': 'application/json',
                'idempotency-key': claim.key,
              },
              body: JSON.stringify(body),
            });
            return { status: res.status, body: (await res.json()) as { claimId?: string } };
          }),
        );
        return answers;
      }),
    );
    const after = await claimStatuses(stack.ddb, stack.runtime.tables.claims);
    const created = [...after.keys()].filter((id) => !before.has(id));
    const expected = new Map(created.map((id) => [id, ['AWAITING_APPROVAL']]));
    for (const id of created) await apiClient(stack.runtime.apiUrl, admin).waitFor(id, ['AWAITING_APPROVAL']);
    const f = await check(expected);
    const held = rounds.filter((answers) => {
      const accepted = answers.filter((a) => a.status === 202);
      const ids = new Set(accepted.map((a) => a.body.claimId));
      return ids.size === 1 && answers.every((a) => a.status === 202 || a.status === 409);
    }).length;
    console.log(
      `[reliability] races (Idempotency-Key, 50 at once): tried ${rounds.length}, held ${held}, lost ${
        rounds.length - created.length
      }, extra claims ${created.length - rounds.length}; answers ${JSON.stringify(
        rounds.map((r) => r.filter((a) => a.status === 202).length),
      )} of 50 accepted per key`,
    );
    // Assess
    expect(created).toHaveLength(planned.length);
    expect(held).toBe(planned.length);
    expect(f.problems).toEqual([]);
    for (const answers of rounds.slice(0, -1)) expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(rounds.at(-1)?.filter((a) => a.status === 202).length).toBe(25);
  });
});
