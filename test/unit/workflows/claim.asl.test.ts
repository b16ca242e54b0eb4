import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../infra/functions.ts';
import { claimWorkflowDefinition, localSubstitutions, PROJECT_ROOT } from '../../../infra/local/handlers.ts';

interface State {
  Type: string;
  Resource?: string;
  Retry?: { ErrorEquals: string[]; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown>; [key: string]: unknown };
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string }[];
}

describe('workflows/claim.asl.json', () => {
  describe('as written', () => {
    it('uses only substitutions that infra/functions.ts defines, and every step function once', async () => {
      const text = await readFile(join(PROJECT_ROOT, 'workflows', 'claim.asl.json'), 'utf8');
      // RequestApproval and RemindApprovers are one function in two modes.
      const used = [...new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
      const defined = Object.values(FUNCTIONS)
        .flatMap((f) => (f.aslArn === undefined ? [] : [f.aslArn]))
        .sort();
      expect(used).toEqual(defined);
    });
  });

  describe('with substitutions filled', () => {
    it('is valid Amazon States Language (asl-validator, with path and ARN checks)', async () => {
      const definition = await claimWorkflowDefinition(localSubstitutions('us-east-1'));
      const { isValid, errorsText } = aslValidator(definition);
      expect(errorsText('\n')).toBe('');
      expect(isValid).toBe(true);
    });

    it('retries transient errors with backoff and catches every other failure of a task', async () => {
      const { States } = (await claimWorkflowDefinition(localSubstitutions('us-east-1'))) as {
        States: Record<string, State>;
      };
      const tasks = Object.entries(States).filter(([, s]) => s.Type === 'Task');
      // One Task per step function, plus RemindApprovers (RequestApproval's function in `remind` mode).
      // The only notice state left is NotifyRejected: received and approved send nothing, and the paid SMS
      // goes out from Payout itself.
      const notifyTasks = tasks.filter(([, s]) => s.Resource === States.NotifyRejected?.Resource);
      expect(notifyTasks.map(([name]) => name)).toEqual(['NotifyRejected']);
      expect(tasks.length).toBe(Object.values(FUNCTIONS).filter((f) => f.aslArn !== undefined).length + 1);
      for (const [name, state] of tasks) {
        expect(state.Retry?.[0]?.BackoffRate, name).toBeGreaterThan(1);
        if (state.TimeoutSecondsPath === undefined) expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
        else expect(state.TimeoutSecondsPath, name).toMatch(/^\$\.timeouts\./);
        if (name.startsWith('Notify')) {
          // The one exception: a member SMS that cannot be sent never fails the claim; it ends as rejected.
          expect(state.Catch, name).toEqual([
            expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'ClaimRejected' }),
          ]);
          expect(States.ClaimRejected?.Type).toBe('Succeed');
        } else if (name !== 'MarkFailed') {
          expect(
            state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === 'MarkFailed'),
            name,
          ).toBe(true);
        }
      }
      for (const callback of [
        States.RequestApproval,
        States.RemindApprovers,
        States.RequestCorrection,
        States.AwaitFunds,
      ]) {
        expect(callback?.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
        expect(callback?.Catch?.[0]?.ErrorEquals).toEqual(['States.Timeout']);
      }
    });

    it('takes a one-level claim to PAID through three states, with no Choice, no Pass and no notice state on the way', async () => {
      const { States, StartAt } = (await claimWorkflowDefinition(localSubstitutions('us-east-1'))) as {
        States: Record<string, State>;
        StartAt: string;
      };
      expect(Object.values(States).filter((s) => s.Type === 'Pass')).toEqual([]);
      // Assess → RequestApproval → Payout (which pays, tells the member, and ends).
      expect(StartAt).toBe('Assess');
      expect(States.NewOrRepay).toBeUndefined();
      expect(States.Assess?.Next).toBe('RequestApproval');
      expect(States.RequestApproval?.Next).toBe('Payout');
      expect(States.RemindApprovers?.Next).toBe('Payout');
      expect(States.Payout?.End).toBe(true);
      // Only EscalateApproval (a plain task) still goes through the Approved Choice.
      const intoApproved = Object.entries(States)
        .filter(([, s]) => s.Next === 'Approved')
        .map(([name]) => name);
      expect(intoApproved).toEqual(['EscalateApproval']);
      expect(States.Approved?.Choices?.map((c) => c.Next)).toEqual([
        'RequestApproval',
        'RequestApproval',
        'Payout',
      ]);
      // Every approval state reads the level from $.approval (Assess's or EscalateApproval's output, or
      // the Claim.NextLevel Catch that led back): no Pass state sets it, no path to a missing field.
      for (const name of ['RequestApproval', 'RemindApprovers'])
        expect(States[name]?.Parameters?.Payload?.['approval.$'], name).toBe('$.approval');
      expect(States.EscalateApproval?.Parameters?.['approval.$']).toBe('$.approval');
      // A decision by link that is not the last approval leaves the waiting step by a named error.
      for (const name of ['RequestApproval', 'RemindApprovers']) {
        const catches = States[name]?.Catch ?? [];
        expect(
          catches.find((c) => c.ErrorEquals.includes('Claim.Rejected')),
          name,
        ).toMatchObject({
          Next: 'NotifyRejected',
        });
        expect(
          catches.find((c) => c.ErrorEquals.includes('Claim.NextLevel')),
          name,
        ).toMatchObject({
          Next: 'RequestApproval',
          ResultPath: '$.approval',
        });
        expect(catches.at(-1)?.ErrorEquals, name).toEqual(['States.ALL']);
        for (const retry of States[name]?.Retry ?? [])
          expect(
            retry.ErrorEquals.some((e) => e.startsWith('Claim.')),
            name,
          ).toBe(false);
      }
      // A payout round (an execution started with repay) leaves Assess at once for Payout.
      expect(States.Assess?.Catch?.find((c) => c.ErrorEquals.includes('Claim.PayoutRound'))).toMatchObject({
        Next: 'Payout',
      });
      // A rejection, a correction, a wait for funds and a fraud hold leave their step by a named error.
      const catches = (name: string) =>
        Object.fromEntries((States[name]?.Catch ?? []).map((c) => [c.ErrorEquals.join(), c.Next]));
      expect(catches('Assess')).toMatchObject({
        'Claim.NeedsCorrection': 'RequestCorrection',
        'Claim.Rejected': 'NotifyRejected',
        'States.ALL': 'MarkFailed',
      });
      expect(catches('Payout')).toMatchObject({
        'Claim.AwaitingFunds': 'AwaitFunds',
        'Claim.OnHold': 'AwaitRelease',
        'States.ALL': 'MarkFailed',
      });
      // A claim whose documents are all stored when its wait would begin goes back to Assess, no wait.
      expect(catches('RequestDocuments')).toMatchObject({
        'Claim.DocumentsReady': 'Assess',
        'States.ALL': 'MarkFailed',
      });
      // A named error is caught, never retried.
      for (const name of ['Assess', 'Payout', 'RequestDocuments'])
        for (const retry of States[name]?.Retry ?? [])
          expect(
            retry.ErrorEquals.some((e) => e.startsWith('Claim.')),
            name,
          ).toBe(false);
    });

    it('reminds, then escalates an approval level without a decision, with per-program timeouts', async () => {
      const { States } = (await claimWorkflowDefinition(localSubstitutions('us-east-1'))) as {
        States: Record<string, State>;
      };
      const { RequestApproval, RemindApprovers, EscalateApproval } = States;
      expect(RequestApproval?.TimeoutSecondsPath).toBe('$.timeouts.remindAfterSeconds');
      expect(RequestApproval?.Catch?.[0]?.Next).toBe('RemindApprovers');
      expect(RequestApproval?.Catch?.[1]).toMatchObject({
        ErrorEquals: ['NoEligibleApprover', 'ApprovalLevelClosed'],
        Next: 'EscalateApproval',
      });
      expect(RemindApprovers?.Parameters?.FunctionName).toBe(RequestApproval?.Parameters?.FunctionName);
      expect(RemindApprovers?.Parameters?.Payload?.mode).toBe('remind');
      expect(RemindApprovers?.TimeoutSecondsPath).toBe('$.timeouts.reminderWindowSeconds');
      expect(RemindApprovers?.Catch?.[0]?.Next).toBe('EscalateApproval');
      expect(EscalateApproval?.Type).toBe('Task');
    });
  });
});
