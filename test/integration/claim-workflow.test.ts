import { type DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { provideDocuments } from '../support/documents.ts';
import {
  apiClient,
  approvalLink,
  decideAllLevels,
  outboxFor,
  postDecision,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

/** An active member of a unit other than the demo member's, who is not an approver. */
function activeMemberOf(unitCode: string) {
  const member = claimants((m) => m.unitCode === unitCode)[0];
  if (member === undefined) throw new Error(`no active member in ${unitCode}`);
  return member;
}

describe('claim workflow (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let ddb: DynamoDBClient;

  beforeAll(async () => {
    stack = await startTestStack();
    ddb = stack.ddb;
  });
  afterAll(async () => {
    await stack.close();
  });

  async function submitAs(memberId: string, body: Record<string, unknown>) {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    const res = await api.submit(body);
    expect(res.status).toBe(202);
    return { api, claimId: String(res.body.claimId) };
  }

  async function decide(claimId: string, decision: 'approve' | 'reject', reason = '') {
    return postDecision(await approvalLink(stack.runtime.outboxDir, claimId), { decision, reason });
  }

  async function itemsOf(claimId: string) {
    const out = await ddb.send(
      new QueryCommand({
        TableName: stack.runtime.tables.claims,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `CLAIM#${claimId}` } },
      }),
    );
    return (out.Items ?? []).map((i) => String(i.sk?.S));
  }

  /** The member got one rejection SMS, with the approver's reason, and the timeline says so. */
  async function expectRejectionSms(claimId: string, reason: string) {
    const timeline = (await apiClient(stack.runtime.apiUrl, await stack.token(['admin'])).claim(claimId)).body
      .timeline as { action: string }[];
    expect(timeline.filter((e) => e.action === 'member-notified-rejected')).toHaveLength(1);
    const mobile = (await stack.registry.getMember('M000001'))?.mobile;
    const sms = (await outboxFor(stack.runtime.outboxDir, claimId)).filter(
      (m) => m.channel === 'sms' && m.to === mobile && m.text.includes('未获通过'),
    );
    expect(sms).toHaveLength(1);
    expect(sms[0]?.text).toContain(reason);
  }

  async function executionStatus(claimId: string) {
    const arn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
    return (await stack.runtime.engine.describeExecution({ executionArn: arn })).status;
  }

  /** The states the claim's execution entered, in order (what Step Functions bills as transitions). */
  async function statesEntered(claimId: string) {
    const arn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
    const { events = [] } = await stack.runtime.engine.getExecutionHistory({
      executionArn: arn,
      maxResults: 1000,
      includeExecutionData: false,
    });
    return events
      .filter((e) => e.type?.endsWith('StateEntered'))
      .map((e) => e.stateEnteredEventDetails?.name);
  }

  /** How each callback task ended, in order: `succeeded`, or `failed:<error>` (e.g. a decision by link). */
  async function taskEndings(claimId: string) {
    const arn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
    const { events = [] } = await stack.runtime.engine.getExecutionHistory({
      executionArn: arn,
      maxResults: 1000,
      includeExecutionData: true,
    });
    return events
      .filter(
        (e) =>
          (e.type === 'TaskSucceeded' || e.type === 'TaskFailed') &&
          (e.taskSucceededEventDetails ?? e.taskFailedEventDetails)?.resource === 'invoke.waitForTaskToken',
      )
      .map((e) =>
        e.type === 'TaskSucceeded' ? 'succeeded' : `failed:${e.taskFailedEventDetails?.error ?? ''}`,
      );
  }

  describe('a valid claim approved through its link', () => {
    it('ends PAID with the amount in fen, a payout record and a full timeline', async () => {
      // Act
      const { api, claimId } = await submitAs('M000001', validSubmission());
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      const decision = await decide(claimId, 'approve', '材料齐全');
      const claim = await api.waitFor(claimId, ['PAID']);
      // Assess
      expect(decision.status).toBe(200);
      expect(claim.amounts).toEqual({ approvedFen: 1000_00, paidFen: 1000_00 });
      // The member's SMS notices (member-notified-*) keep the status; the path is the other events.
      const events = (claim.timeline as { to: string; action: string; actor: { kind: string } }[]).filter(
        (e) => !e.action.startsWith('member-notified-'),
      );
      const timeline = events.map((e) => e.to);
      expect(timeline).toEqual([
        'SUBMITTED',
        'MEMBERSHIP_VERIFIED',
        'RULES_PASSED',
        'AWAITING_APPROVAL',
        'APPROVED',
        'PAID',
      ]);
      expect(events[4]?.actor.kind).toBe('approver');
      expect(await itemsOf(claimId)).toContain('PAYOUT');
      await expect.poll(() => executionStatus(claimId)).toBe('SUCCEEDED');
      // Three states: no Choice, no notice, no Pass; the decision by link resumes RequestApproval as
      // success, and Payout pays, sends the paid SMS and ends the execution.
      expect(await statesEntered(claimId)).toEqual(['Assess', 'RequestApproval', 'Payout']);
    });
  });

  describe('authority limits', () => {
    it('sends a 20000 CNY death benefit through the grassroots union, the district and the city', async () => {
      const member = activeMemberOf('BJ-XC-001');
      const { api, claimId } = await submitAs(
        member.memberId,
        validSubmission({
          memberId: member.memberId,
          program: 'accident-protection',
          benefit: 'death',
          evidence: [{ kind: 'death-certificate', number: 'SW-2026-CHAIN' }],
        }),
      );
      // The death benefit requires its documents: the member uploads them, and the claim goes on.
      await provideDocuments(stack, api, claimId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await decideAllLevels(api, stack.runtime.outboxDir, claimId);
      const claim = await api.waitFor(claimId, ['PAID']);
      expect(claim.approvalChain).toEqual([
        { level: 1, tier: 'grassroots', unitCode: 'BJ-XC-001' },
        { level: 2, tier: 'district', unitCode: 'BJ-XC' },
        { level: 3, tier: 'city', unitCode: 'BJ' },
      ]);
      const approvals = (claim.timeline as { action: string; actor: { kind: string; id: string } }[]).filter(
        (e) => e.actor.kind === 'approver',
      );
      expect(approvals.map((e) => e.action)).toEqual([
        'approved-level-1',
        'approved-level-2',
        'approved-level-3',
      ]);
      expect(approvals.map((e) => e.actor.id.replace(/-\d$/, ''))).toEqual([
        'A-BJ-XC-001',
        'A-BJ-XC',
        'A-BJ',
      ]);
      expect(claim.amounts).toEqual({ approvedFen: 20000_00, paidFen: 20000_00 });
      // Each level is one state (RequestApproval: an approval that needs a higher level resumes it by
      // Claim.NextLevel, caught back into it): five in all (Assess, RequestApproval ×3, Payout), and
      // three for the wait for its documents (RequestDocuments, AwaitDocuments, Assess again); two when
      // the documents were all stored before the wait began (RequestDocuments goes straight back to Assess).
      await expect.poll(() => executionStatus(claimId)).toBe('SUCCEEDED');
      const states = await statesEntered(claimId);
      const documentsWait = states.includes('AwaitDocuments')
        ? ['RequestDocuments', 'AwaitDocuments', 'Assess']
        : ['RequestDocuments', 'Assess'];
      expect(states).toEqual([
        'Assess',
        ...documentsWait,
        'RequestApproval',
        'RequestApproval',
        'RequestApproval',
        'Payout',
      ]);
      // Levels 1 and 2 resumed RequestApproval with Claim.NextLevel, the last with success (after the
      // documents' wait, when there was one, resumed by the upload).
      expect(await taskEndings(claimId)).toEqual([
        ...(states.includes('AwaitDocuments') ? ['succeeded'] : []),
        'failed:Claim.NextLevel',
        'failed:Claim.NextLevel',
        'succeeded',
      ]);
    });
  });

  describe('membership', () => {
    it('rejects a suspended member with the membership rule that failed', async () => {
      const suspended = demo.members.find((m) => m.status === 'suspended');
      if (suspended === undefined) throw new Error('demo data has no suspended member');
      const { api, claimId } = await submitAs(
        suspended.memberId,
        validSubmission({ memberId: suspended.memberId }),
      );
      const claim = await api.waitFor(claimId, ['REJECTED']);
      const failed = (claim.reasons as { code: string; passed: boolean }[])
        .filter((r) => !r.passed)
        .map((r) => r.code);
      expect(failed).toEqual(['membership-active']);
      expect(await itemsOf(claimId)).not.toContain('APPROVAL#01');
      await expect.poll(() => executionStatus(claimId)).toBe('SUCCEEDED');
    });
  });

  describe('rules', () => {
    it('rejects a competition rank outside the top ten, naming the rule', async () => {
      const { api, claimId } = await submitAs(
        'M000001',
        validSubmission({
          benefit: 'competition',
          facts: { competitionName: '北京市职工职业技能大赛', rank: 11 },
          evidence: [{ kind: 'certificate', number: 'JS-RANK-11' }],
        }),
      );
      const claim = await api.waitFor(claimId, ['REJECTED']);
      const failed = (claim.reasons as { code: string; passed: boolean }[])
        .filter((r) => !r.passed)
        .map((r) => r.code);
      expect(failed, JSON.stringify(claim.reasons)).toEqual(['competition-rank']);
      expect(claim.amounts).toEqual({ approvedFen: null, paidFen: null });
    });
  });

  describe('the approver', () => {
    it('rejects with a reason; the claim ends REJECTED and is never paid', async () => {
      const { api, claimId } = await submitAs(
        'M000001',
        validSubmission({
          program: 'accident-protection',
          benefit: 'disability',
          facts: { disabilityLevel: 4 },
          evidence: [{ kind: 'disability-assessment', number: 'JD-2026-0815' }],
        }),
      );
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      expect((await decide(claimId, 'reject', '鉴定书与病历不符')).status).toBe(200);
      const claim = await api.waitFor(claimId, ['REJECTED']);
      expect((claim.approval as { reason: string }).reason).toBe('鉴定书与病历不符');
      expect(await itemsOf(claimId)).not.toContain('PAYOUT');
      expect((await decide(claimId, 'approve')).status).toBe(409);
      // The rejection resumed RequestApproval as the task failure Claim.Rejected, caught into
      // NotifyRejected, which sent the member the rejection SMS with the approver's reason.
      await expect.poll(() => executionStatus(claimId)).toBe('SUCCEEDED');
      expect(await statesEntered(claimId)).toEqual(['Assess', 'RequestApproval', 'NotifyRejected']);
      expect(await taskEndings(claimId)).toEqual(['failed:Claim.Rejected']);
      await expectRejectionSms(claimId, '鉴定书与病历不符');
    });

    it('rejects at level 2 after level 1 approved: RequestApproval twice, then NotifyRejected', async () => {
      // Prepare: CNY 3500 (disability grade 4) needs the grassroots union and the district.
      const { api, claimId } = await submitAs(
        'M000001',
        validSubmission({
          program: 'accident-protection',
          benefit: 'disability',
          facts: { disabilityLevel: 4 },
          evidence: [{ kind: 'disability-assessment', number: 'JD-2026-LEVEL2' }],
        }),
      );
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      // Act
      const first = await postDecision(await approvalLink(stack.runtime.outboxDir, claimId, 1), {
        decision: 'approve',
        reason: '',
      });
      const second = await postDecision(await approvalLink(stack.runtime.outboxDir, claimId, 2), {
        decision: 'reject',
        reason: '伤残等级与鉴定不符',
      });
      const claim = await api.waitFor(claimId, ['REJECTED']);
      // Assess
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(claim.approvalChain).toHaveLength(2);
      expect(await itemsOf(claimId)).not.toContain('PAYOUT');
      await expect.poll(() => executionStatus(claimId)).toBe('SUCCEEDED');
      expect(await statesEntered(claimId)).toEqual([
        'Assess',
        'RequestApproval',
        'RequestApproval',
        'NotifyRejected',
      ]);
      expect(await taskEndings(claimId)).toEqual(['failed:Claim.NextLevel', 'failed:Claim.Rejected']);
      await expectRejectionSms(claimId, '伤残等级与鉴定不符');
    });
  });

  describe('a failing step', () => {
    it('waits in AWAITING_FUNDS when the budget cannot pay, and is paid once the budget is raised', async () => {
      // Prepare: a unit whose accident-protection budget for this year is spent.
      const member = activeMemberOf('BJ-CY-001');
      const year = budgetYear(new Date());
      await stack.registry.putAll({
        budgets: [
          {
            unitCode: 'BJ-CY-001',
            programId: 'accident-protection',
            year,
            allocatedFen: 100_00,
            paidFen: 0,
          },
        ],
      });
      const admin = await stack.token(['admin']);
      const accidentBudget = async () => {
        const res = await fetch(`${stack.runtime.apiUrl}/budgets/BJ-CY-001/${year}`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        return ((await res.json()) as { budgets: { programId: string }[] }).budgets.find(
          (b) => b.programId === 'accident-protection',
        );
      };
      // Act
      const { api, claimId } = await submitAs(
        member.memberId,
        validSubmission({
          memberId: member.memberId,
          program: 'accident-protection',
          benefit: 'death',
          evidence: [{ kind: 'death-certificate', number: 'SW-2026-0001' }],
        }),
      );
      await provideDocuments(stack, api, claimId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await decideAllLevels(api, stack.runtime.outboxDir, claimId);
      const waiting = await api.waitFor(claimId, ['AWAITING_FUNDS']);
      // Assess: visible, audited with the shortfall, nothing paid, the amount still committed.
      const amountFen = (waiting.amounts as { approvedFen: number }).approvedFen;
      expect(waiting.failure ?? null).toBeNull();
      expect(JSON.stringify(waiting.timeline)).toContain('short by CNY');
      expect(await itemsOf(claimId)).not.toContain('PAYOUT');
      expect(await executionStatus(claimId)).toBe('RUNNING');
      expect(await accidentBudget()).toMatchObject({
        allocatedFen: 100_00,
        committedFen: amountFen,
        paidFen: 0,
        availableFen: 100_00,
      });
      const staff = await stack.token(['staff'], { unitCode: 'BJ-CY' });
      const queue = await fetch(
        `${stack.runtime.apiUrl}/budgets/BJ-CY-001/${year}/accident-protection/waiting`,
        { headers: { authorization: `Bearer ${staff}` } },
      );
      expect(queue.status).toBe(200);
      const listed = (await queue.json()) as { waiting: Record<string, unknown>[] };
      expect(listed.waiting.map((w) => w.claimId)).toEqual([claimId]);
      expect(JSON.stringify(listed)).not.toContain('taskToken');
      // The budget is raised: the claim goes on and is paid, once.
      const raise = await fetch(`${stack.runtime.apiUrl}/budgets/BJ-CY-001/${year}/accident-protection`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ allocatedFen: 100_00 + amountFen, reason: '追加年度预算' }),
      });
      expect(raise.status).toBe(200);
      await api.waitFor(claimId, ['PAID']);
      await expect.poll(() => executionStatus(claimId)).toBe('SUCCEEDED');
      expect((await itemsOf(claimId)).filter((sk) => sk === 'PAYOUT')).toHaveLength(1);
      expect(await accidentBudget()).toMatchObject({
        committedFen: 0,
        paidFen: amountFen,
        availableFen: 100_00,
      });
    });

    it('commits an approved amount against the budget and moves it to paid', async () => {
      const admin = await stack.token(['admin']);
      const year = budgetYear(new Date());
      const skillBudget = async () => {
        const res = await fetch(`${stack.runtime.apiUrl}/budgets/BJ-HD-001/${year}`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        return (
          (await res.json()) as {
            budgets: { programId: string; paidFen: number; committedFen: number; availableFen: number }[];
          }
        ).budgets.find((b) => b.programId === 'skill-boost');
      };
      const before = await skillBudget();
      const { api, claimId } = await submitAs(
        'M000001',
        validSubmission({
          benefit: 'senior-technician',
          evidence: [{ kind: 'certificate', number: 'JS-BUDGET-1' }],
        }),
      );
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await decideAllLevels(api, stack.runtime.outboxDir, claimId);
      await api.waitFor(claimId, ['PAID']);
      const after = await skillBudget();
      expect(after?.paidFen).toBe((before?.paidFen ?? 0) + 2000_00);
      expect(after?.availableFen).toBe((before?.availableFen ?? 0) - 2000_00);
      expect(after?.committedFen).toBe(before?.committedFen);
    });
  });

  describe('idempotency', () => {
    it('returns the same claim for the same key and body, with one execution', async () => {
      const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
      const body = validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-IDEMP-1' }] });
      const first = await api.submit(body, 'same-key-0001');
      const second = await api.submit(body, 'same-key-0001');
      const other = await api.submit({ ...body, benefit: 'senior-technician' }, 'same-key-0001');
      expect(second.body.claimId).toBe(first.body.claimId);
      expect(other.status).toBe(409);
      const executions = await stack.runtime.engine.listExecutions({
        stateMachineArn: stack.runtime.stateMachineArn,
      });
      expect((executions.executions ?? []).filter((e) => e.name === first.body.claimId)).toHaveLength(1);
    });

    it('writes nothing for an invalid body', async () => {
      // What a submission writes: claim, payee and idempotency items (workflows of earlier tests
      // still running add only events and approvals).
      const count = async () =>
        (
          await ddb.send(
            new ScanCommand({
              TableName: stack.runtime.tables.claims,
              Select: 'COUNT',
              FilterExpression: 'sk IN (:meta, :payee, :idem)',
              ExpressionAttributeValues: {
                ':meta': { S: 'META' },
                ':payee': { S: 'PAYEE' },
                ':idem': { S: 'IDEMP' },
              },
            }),
          )
        ).Count;
      const before = await count();
      const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
      const res = await api.submit(
        validSubmission({ payee: { name: '王芳', bankName: '工行', accountNumber: 'abc' } }),
      );
      expect(res.status).toBe(400);
      expect(await count()).toBe(before);
    });
  });

  describe('access', () => {
    it('hides a claim from another member and from staff outside the subtree, and shows it to staff above', async () => {
      const { claimId } = await submitAs(
        'M000001',
        validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-ACCESS-1' }] }),
      );
      const other = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000002' }));
      const outside = apiClient(stack.runtime.apiUrl, await stack.token(['staff'], { unitCode: 'BJ-CY' }));
      const above = apiClient(stack.runtime.apiUrl, await stack.token(['staff'], { unitCode: 'BJ-HD' }));
      expect((await other.claim(claimId)).status).toBe(404);
      expect((await outside.claim(claimId)).status).toBe(404);
      expect((await above.claim(claimId)).status).toBe(200);
      const anonymous = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}`);
      expect(anonymous.status).toBe(401);
    });
  });

  describe('restart while a claim awaits approval', () => {
    it('drives the claim on after a restart; the same link still pays it, once', async () => {
      const { claimId } = await submitAs(
        'M000001',
        validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-RESTART-1' }] }),
      );
      await apiClient(stack.runtime.apiUrl, await stack.token(['admin'])).waitFor(claimId, [
        'AWAITING_APPROVAL',
      ]);
      const link = await approvalLink(stack.runtime.outboxDir, claimId);
      // One e-mail, to the level's assigned approver, one of the unit's (the claimant is none of them).
      const approvers = demo.approvers.filter((a) => a.unitCode === 'BJ-HD-001' && a.memberId !== 'M000001');
      // The member's own SMS notices (paid, and rejected or returned) are not approval messages.
      const memberMobile = (await stack.registry.getMember('M000001'))?.mobile;
      const approvalMessages = async () =>
        (await outboxFor(stack.runtime.outboxDir, claimId)).filter((m) => m.to !== memberMobile);
      await expect.poll(async () => (await approvalMessages()).length).toBe(1);
      const messagesBefore = await approvalMessages();
      expect(approvers.map((a) => a.email)).toContain(messagesBefore[0]?.to);

      await stack.restart();
      expect(stack.runtime.recovered.redriven.some((arn) => arn.endsWith(claimId))).toBe(true);

      const api = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      // No pause for the redriven execution to reach its callback step: a decision recorded before the
      // step stores its new task token is handed on by the step itself, one recorded after reads that token.
      const port = new URL(stack.runtime.apiUrl).port;
      const res = await postDecision(link.replace(/:\d+\//, `:${port}/`), { decision: 'approve' });
      expect(res.status).toBe(200);
      const claim = await api.waitFor(claimId, ['PAID']);
      const paidEvents = (claim.timeline as { to: string; action: string }[]).filter(
        (e) => e.to === 'PAID' && !e.action.startsWith('member-notified-'),
      );
      expect(paidEvents).toHaveLength(1);
      expect(await approvalMessages()).toHaveLength(messagesBefore.length);
    });
  });
});
