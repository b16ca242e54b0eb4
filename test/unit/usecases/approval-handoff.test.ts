import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../../functions/ports/workflow.ts';
import {
  decisionHandOff,
  handDecisionOn,
  levelToOpen,
  NEXT_LEVEL_ERROR,
  REJECTED_ERROR,
} from '../../../functions/usecases/approval-handoff.ts';
import type { ApprovalTaskOutput } from '../../../functions/usecases/request-approval.ts';
import { resumeWithStoredToken } from '../../../functions/usecases/step-support.ts';

const approveLast = { decision: 'approve', level: 3, approverId: 'A-BJ-1', nextLevel: null } as const;
const approveNext = { decision: 'approve', level: 1, approverId: 'A-BJ-HD-001-1', nextLevel: 2 } as const;
const reject = { decision: 'reject', level: 2, approverId: 'A-BJ-HD-1', nextLevel: null } as const;

/** A workflow port that records how each token was resumed. */
function recordingWorkflow(stale: ReadonlySet<string> = new Set()) {
  const calls: unknown[][] = [];
  const settle = (token: string) => {
    if (stale.has(token)) {
      const error = new Error('Task Timed Out');
      error.name = 'TaskTimedOut';
      throw error;
    }
  };
  return {
    calls,
    workflow: {
      startClaim: async () => undefined,
      sendTaskSuccess: async (token: string, output: unknown) => {
        settle(token);
        calls.push(['success', token, output]);
      },
      sendTaskFailure: async (token: string, error: string, cause: string) => {
        settle(token);
        calls.push(['failure', token, error, cause]);
      },
    },
  };
}

describe('approval hand-off', () => {
  describe('decisionHandOff', () => {
    it('resumes the waiting task as success only for the last approval needed', () => {
      expect(decisionHandOff(approveLast, 'outcome')).toEqual({ kind: 'success', output: approveLast });
    });

    it('hands an approval that needs a higher level on as Claim.NextLevel, its cause the decision as JSON', () => {
      const handOff = decisionHandOff(approveNext, 'outcome');
      expect(handOff).toEqual({
        kind: 'failure',
        error: NEXT_LEVEL_ERROR,
        cause: JSON.stringify(approveNext),
      });
      expect(NEXT_LEVEL_ERROR).toBe('Claim.NextLevel');
    });

    it('hands a rejection on as Claim.Rejected, at any level', () => {
      expect(decisionHandOff(reject, 'outcome')).toEqual({
        kind: 'failure',
        error: REJECTED_ERROR,
        cause: JSON.stringify(reject),
      });
      expect(decisionHandOff({ ...reject, level: 1 }, 'outcome')).toMatchObject({ error: 'Claim.Rejected' });
      expect(REJECTED_ERROR).toBe('Claim.Rejected');
    });

    it('hands every decision to a token of the earlier definition as success, the decision its output', () => {
      // That definition catches neither error: its Approved Choice reads the success output.
      for (const decided of [approveLast, approveNext, reject]) {
        expect(decisionHandOff(decided, undefined)).toEqual({ kind: 'success', output: decided });
      }
    });
  });

  describe('handDecisionOn', () => {
    it('makes one port call: SendTaskSuccess for the last approval, SendTaskFailure otherwise', async () => {
      const { calls, workflow } = recordingWorkflow();
      await handDecisionOn(workflow, 't1', approveLast, 'outcome');
      await handDecisionOn(workflow, 't2', approveNext, 'outcome');
      await handDecisionOn(workflow, 't3', reject, 'outcome');
      expect(calls).toEqual([
        ['success', 't1', approveLast],
        ['failure', 't2', 'Claim.NextLevel', JSON.stringify(approveNext)],
        ['failure', 't3', 'Claim.Rejected', JSON.stringify(reject)],
      ]);
    });

    it("sends a token without the flag (the earlier definition's) SendTaskSuccess with the whole output", async () => {
      const { calls, workflow } = recordingWorkflow();
      await handDecisionOn(workflow, 'o1', approveLast, undefined);
      await handDecisionOn(workflow, 'o2', approveNext, undefined);
      await handDecisionOn(workflow, 'o3', reject, undefined);
      expect(calls).toEqual([
        ['success', 'o1', approveLast],
        ['success', 'o2', approveNext],
        ['success', 'o3', reject],
      ]);
    });

    it('ignores a failure handed to a token the task no longer waits on, as it does a success', async () => {
      // Prepare: the decision was handed on before; the stored token is now settled.
      const { calls, workflow } = recordingWorkflow(new Set(['settled']));
      // Act
      const hand = (w: Workflow, token: string, output: ApprovalTaskOutput) =>
        handDecisionOn(w, token, output, 'outcome');
      const handedTwice = resumeWithStoredToken(workflow, async () => 'settled', approveNext, hand);
      const successTwice = resumeWithStoredToken(workflow, async () => 'settled', approveLast, hand);
      // Assess
      await expect(handedTwice).resolves.toBeUndefined();
      await expect(successTwice).resolves.toBeUndefined();
      expect(calls).toEqual([]);
    });
  });

  describe('levelToOpen', () => {
    it("reads Assess's and EscalateApproval's nextLevel", () => {
      expect(levelToOpen({ nextLevel: 1 })).toBe(1);
      expect(levelToOpen({ decision: 'escalated', level: 1, nextLevel: 2, fromUnit: 'A', toUnit: 'B' })).toBe(
        2,
      );
    });

    it('reads the next level from the cause of the Claim.NextLevel Catch', () => {
      const caught = { Error: 'Claim.NextLevel', Cause: JSON.stringify(approveNext) };
      expect(levelToOpen(caught)).toBe(2);
    });

    it('names no level for anything else', () => {
      expect(levelToOpen(undefined)).toBeNull();
      expect(levelToOpen({ Error: 'Claim.Rejected', Cause: JSON.stringify(reject) })).toBeNull();
      expect(levelToOpen({ Error: 'Claim.NextLevel', Cause: 'not json' })).toBeNull();
      expect(levelToOpen({ Error: 'Claim.NextLevel', Cause: '{"nextLevel":null}' })).toBeNull();
    });
  });
});
