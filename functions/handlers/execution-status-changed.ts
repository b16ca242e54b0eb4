import { lazyStepHandler } from '../step/step-handler.ts';
import type { EndedStatus } from '../usecases/close-ended-execution.ts';
import { claims, fundsQueue, now } from '../wiring.ts';

/** The claim an execution runs: its input's claimId, else its name (executions are named after their claim). */
function claimIdOf(detail: { name: string; input?: string | null }): string {
  try {
    const input: unknown = JSON.parse(detail.input ?? '');
    if (typeof input === 'object' && input !== null && 'claimId' in input) {
      const { claimId } = input as { claimId: unknown };
      if (typeof claimId === 'string' && claimId.length > 0) return claimId;
    }
  } catch {
    // No readable input: the name says which claim it is.
  }
  // A repeated payout runs as `<claimId>-pay<round>` (adapters/sfn-workflow.ts).
  return detail.name.replace(/-pay\d+$/, '');
}

/** EventBridge rule target (│ the local Step Functions endpoint): a claim execution stopped, timed out or
 *  failed, so its claim ends FAILED with the reason and gives back what it reserved. */
export const handler = lazyStepHandler(
  async () => {
    const [{ ExecutionStatusChange }, { closeEndedExecution, ENDED_STATUSES }] = await Promise.all([
      import('../schemas/events.ts'),
      import('../usecases/close-ended-execution.ts'),
    ]);
    const isEnded = (status: string): status is EndedStatus =>
      (ENDED_STATUSES as readonly string[]).includes(status);
    return {
      schema: ExecutionStatusChange,
      run: async (deps, event) => {
        const { detail } = event;
        if (!isEnded(detail.status)) return { ignored: detail.status };
        return closeEndedExecution(deps, {
          claimId: claimIdOf(detail),
          status: detail.status,
          error: detail.error ?? null,
          cause: detail.cause ?? null,
        });
      },
    };
  },
  { claims, fundsQueue, now },
);
