import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDelegationsStore } from '../../functions/adapters/dynamodb/delegations-store.ts';
import { assignmentOrder } from '../../functions/domain/assignment.ts';
import { linkHash, newClaimId, newClaimLinkSeed } from '../../functions/domain/ids.ts';
import type { OutboundMessage } from '../../functions/ports/notifier.ts';
import { requestApproval } from '../../functions/usecases/request-approval.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { aClaim, rulesPassed, storeClaim } from '../fixtures/claims.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

/**
 * RequestApproval e-mails the level's assigned approver first, then writes the level, its links, its event and
 * `notified` in one transaction. These run the step as the workflow's Lambda does, on the stack's
 * tables, with the runtime's link key (so the links e-mailed open the stack's approval pages).
 */
describe('opening an approval level (DynamoDB Local)', () => {
  let stack: TestStack;
  let linkKey: string;

  beforeAll(async () => {
    stack = await startTestStack();
    linkKey = (await localKeys(stack.dataDir)).keys.linkId;
  });
  afterAll(async () => {
    await stack.close();
  });

  const claimsStore = () =>
    new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );

  /** A claim of BJ-HD-001 whose rules passed, one level to approve, stored as Assess leaves it. */
  async function rulesPassedClaim(withLinkSeed = true): Promise<string> {
    const claimId = newClaimId();
    const at = new Date().toISOString();
    await storeClaim(
      claimsStore(),
      aClaim({
        claimId,
        at,
        status: 'RULES_PASSED',
        rules: rulesPassed(1000_00),
        approvalChain: [{ level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' }],
        memberShown: { name: '黄晓彤', idNumberMasked: '1101**********0042' },
        ...(withLinkSeed ? { linkSeed: newClaimLinkSeed() } : {}),
      }),
      { accountNumber: '6222020200112233445', action: 'rules-passed', reason: 'rules passed' },
    );
    return claimId;
  }

  /**
   * The step's dependencies; `down` makes the claims store fail the level's transaction (the step dies
   * after its e-mails and before the level is stored). `sent` collects the links e-mailed.
   */
  function stepDeps(state: { down: boolean; sent: string[] }) {
    const real = claimsStore();
    const injected = () => Object.assign(new Error('injected'), { name: 'InternalServerError' });
    const claims: DynamoClaimsStore = Object.create(real, {
      change: {
        value: (...args: Parameters<DynamoClaimsStore['change']>) =>
          state.down ? Promise.reject(injected()) : real.change(...args),
      },
      changeSteps: {
        value: (...args: Parameters<DynamoClaimsStore['changeSteps']>) =>
          state.down ? Promise.reject(injected()) : real.changeSteps(...args),
      },
    });
    return {
      claims,
      registry: stack.registry,
      delegations: new DynamoDelegationsStore(documentClient(stack.ddb), stack.runtime.tables.registry),
      workflow: {
        startClaim: () => Promise.reject(new Error('not expected')),
        sendTaskSuccess: () => Promise.reject(new Error('not expected')),
        sendTaskFailure: () => Promise.reject(new Error('not expected')),
      },
      notifier: {
        send: async (message: OutboundMessage) => {
          if (message.channel === 'email') state.sent.push(...message.links);
        },
      },
      now: () => new Date(),
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => linkKey,
      approvalTtlSeconds: 3600,
    };
  }

  const pageStatus = async (link: string) =>
    (await fetch(link, { headers: { accept: 'application/json' } })).status;

  it('keeps with each task token the hand-off of the definition that issued it, in the writes that store it', async () => {
    // Prepare
    const deps = stepDeps({ down: false, sent: [] });
    const level = async (claimId: string) =>
      (await claimsStore().getApprovalRequest(claimId, 1)) ?? undefined;
    // Act / Assess: opened by the earlier definition (its payload names `level`: no flag), re-tokened by
    // this one (`approval`: outcome), and back; each write of a token writes its flag or removes it.
    const earlier = await rulesPassedClaim();
    await requestApproval(deps, { claimId: earlier, level: 1, taskToken: 'earlier-1' });
    expect(await level(earlier)).toMatchObject({ taskToken: 'earlier-1' });
    expect((await level(earlier))?.handOff).toBeUndefined();
    await requestApproval(deps, { claimId: earlier, level: 1, taskToken: 'this-2', handOff: 'outcome' });
    expect(await level(earlier)).toMatchObject({ taskToken: 'this-2', handOff: 'outcome' });
    await requestApproval(deps, { claimId: earlier, level: 1, taskToken: 'earlier-3' });
    expect(await level(earlier)).toMatchObject({ taskToken: 'earlier-3' });
    expect((await level(earlier))?.handOff).toBeUndefined();
    // Opened by this definition: the flag rides in the opening transaction.
    const current = await rulesPassedClaim();
    await requestApproval(deps, { claimId: current, level: 1, taskToken: 'this-1', handOff: 'outcome' });
    expect(await level(current)).toMatchObject({ taskToken: 'this-1', handOff: 'outcome', notified: true });
  });

  it('sends the same links again when the step dies after the e-mails and before the level is stored', async () => {
    // Prepare
    const claimId = await rulesPassedClaim();
    const state = { down: true, sent: [] as string[] };
    const deps = stepDeps(state);
    // Act: the first run dies after its e-mails; the retry stores the level; a third run finds it.
    await expect(requestApproval(deps, { claimId, level: 1, taskToken: 'token-1' })).rejects.toThrow(
      'injected',
    );
    const first = [...state.sent];
    state.down = false;
    await requestApproval(deps, { claimId, level: 1, taskToken: 'token-1' });
    await requestApproval(deps, { claimId, level: 1, taskToken: 'token-1' });
    // Assess: at least once, and the link e-mailed first is the one the retry e-mailed and stored: one
    // e-mail a run, to the level's assigned approver (the same on the retry).
    expect(first).toHaveLength(1);
    expect(state.sent).toEqual([...first, ...first]);
    const { claim, approvals } = await claimsStore().getWithApprovals(claimId);
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.notified).toBe(true);
    expect(approvals[0]?.assignedTo).toBe(assignmentOrder(claimId, 1, approvals[0]?.approverIds ?? [])[0]);
    expect((await claimsStore().getLink(linkHash(first[0]?.split('/a/')[1] ?? '')))?.approverId).toBe(
      approvals[0]?.assignedTo,
    );
    expect(claim?.status).toBe('AWAITING_APPROVAL');
    for (const link of first) {
      const stored = await claimsStore().getLink(linkHash(link.split('/a/')[1] ?? ''));
      expect(stored?.claimId).toBe(claimId);
      expect(await pageStatus(link)).toBe(200);
    }
  });

  it('e-mails new links when the claim changed before the level opened; an earlier opening’s link decides nothing', async () => {
    // Prepare: a first run e-mails its links and dies; the claim then changes (an event on its timeline).
    const claimId = await rulesPassedClaim();
    const state = { down: true, sent: [] as string[] };
    const deps = stepDeps(state);
    await expect(requestApproval(deps, { claimId, level: 1, taskToken: 'token-1' })).rejects.toThrow(
      'injected',
    );
    const earlier = [...state.sent];
    const read = await claimsStore().get(claimId);
    if (read === null) throw new Error('claim not stored');
    await claimsStore().change(read, {
      to: 'RULES_PASSED',
      actor: { kind: 'system', id: 'test' },
      action: 'noted',
      reason: 'a change between the two openings',
      at: new Date().toISOString(),
    });
    // Act: the level opens on the claim as it now is.
    state.down = false;
    state.sent = [];
    await requestApproval(deps, { claimId, level: 1, taskToken: 'token-2' });
    // Assess: a new link, which works; the earlier one opens no page and decides nothing.
    expect(earlier).toHaveLength(1);
    expect(state.sent.length).toBe(earlier.length);
    for (const link of state.sent) {
      expect(earlier).not.toContain(link);
      expect(await pageStatus(link)).toBe(200);
    }
    for (const link of earlier) {
      expect(await pageStatus(link)).toBe(404);
      const posted = await fetch(link, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams({ decision: 'approve', csrf: 'x' }),
      });
      expect(posted.status).toBeGreaterThanOrEqual(400);
    }
    const { approvals } = await claimsStore().getWithApprovals(claimId);
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.decision).toBeNull();
  });

  it('records an undelivered e-mail in the same transaction; with none delivered the retry sends the same links', async () => {
    // Prepare: the e-mail provider refuses every message of the first run.
    const claimId = await rulesPassedClaim();
    const state = { down: false, sent: [] as string[] };
    const deps = stepDeps(state);
    let refusing = true;
    const failing = {
      ...deps,
      notifier: {
        send: async (message: OutboundMessage) => {
          if (refusing) throw Object.assign(new Error('refused'), { name: 'MessageRejected' });
          await deps.notifier.send(message);
        },
      },
    };
    // Act: the first run stores the level and fails; the retry sends the e-mail.
    await expect(requestApproval(failing, { claimId, level: 1, taskToken: 'token-1' })).rejects.toThrow(
      'could be delivered',
    );
    const stored = (await claimsStore().getWithApprovals(claimId)).approvals;
    refusing = false;
    await requestApproval(failing, { claimId, level: 1, taskToken: 'token-1' });
    // Assess: the level was stored with its event and the failure, not yet notified nor assigned; then
    // notified, assigned to the approver the retry e-mailed (the hash's pick, whose address now works).
    expect(stored).toHaveLength(1);
    expect(stored[0]?.notified).toBe(false);
    expect(stored[0]?.assignedTo).toBeUndefined();
    const { approvals } = await claimsStore().getWithApprovals(claimId);
    expect(approvals[0]?.notified).toBe(true);
    expect(approvals[0]?.assignedTo).toBe(assignmentOrder(claimId, 1, approvals[0]?.approverIds ?? [])[0]);
    const actions = (await claimsStore().timeline(claimId)).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual([
      'rules-passed',
      'approval-requested-level-1',
      'delivery-failed-level-1',
    ]);
    for (const link of state.sent) {
      expect(await pageStatus(link)).toBe(200);
    }
    expect(state.sent).toHaveLength(1);
    expect((await claimsStore().getLink(linkHash(state.sent[0]?.split('/a/')[1] ?? '')))?.approverId).toBe(
      approvals[0]?.assignedTo,
    );
  });

  it("e-mails the next routed approver when the assigned one's address fails, and the level records whom", async () => {
    // Prepare: the e-mail provider refuses the first address it is given (the assigned approver's).
    const claimId = await rulesPassedClaim();
    const state = { down: false, sent: [] as string[] };
    const deps = stepDeps(state);
    const tried: string[] = [];
    let refused: string | null = null;
    const failing = {
      ...deps,
      notifier: {
        send: async (message: OutboundMessage) => {
          tried.push(message.to);
          refused ??= message.to;
          if (message.to === refused) throw Object.assign(new Error('refused'), { name: 'MessageRejected' });
          await deps.notifier.send(message);
        },
      },
    };
    // Act
    await requestApproval(failing, { claimId, level: 1, taskToken: 'token-1' });
    // Assess: the assigned approver's address was tried (three times), then the next one's, once.
    const { approvals } = await claimsStore().getWithApprovals(claimId);
    const level = approvals[0];
    const order = assignmentOrder(claimId, 1, level?.approverIds ?? []);
    expect(order.length).toBeGreaterThan(1);
    const approvers = await stack.registry.listApprovers('BJ-HD-001');
    const emailOf = (id: string | undefined) => approvers.find((a) => a.approverId === id)?.email;
    expect(tried).toEqual([emailOf(order[0]), emailOf(order[0]), emailOf(order[0]), emailOf(order[1])]);
    expect(level?.notified).toBe(true);
    expect(level?.assignedTo).toBe(order[1]);
    expect(state.sent).toHaveLength(1);
    expect((await claimsStore().getLink(linkHash(state.sent[0]?.split('/a/')[1] ?? '')))?.approverId).toBe(
      order[1],
    );
    const timeline = await claimsStore().timeline(claimId);
    expect(timeline.find((e) => e.action === 'approval-requested-level-1')?.reason).toBe(
      `level 1: ${order[1]} of BJ-HD-001 asked; ${order.length} approver(s) may decide`,
    );
    expect(timeline.find((e) => e.action === 'delivery-failed-level-1')?.reason).toBe(
      `1 message(s) delivered, 1 failed: email to ${order[0]}: MessageRejected`,
    );
  });

  it('gives a claim submitted before link seeds fresh random links on each run', async () => {
    // Prepare: a claim with no link seed.
    const claimId = await rulesPassedClaim(false);
    const state = { down: true, sent: [] as string[] };
    const deps = stepDeps(state);
    // Act
    await expect(requestApproval(deps, { claimId, level: 1, taskToken: 'token-1' })).rejects.toThrow(
      'injected',
    );
    const first = [...state.sent];
    state.down = false;
    state.sent = [];
    await requestApproval(deps, { claimId, level: 1, taskToken: 'token-1' });
    // Assess: the stored level's links are those of the run that stored it, and they work.
    expect(state.sent.length).toBe(first.length);
    for (const link of state.sent) {
      expect(first).not.toContain(link);
      expect(await pageStatus(link)).toBe(200);
    }
  });
});
