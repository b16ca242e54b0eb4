import { createHash, randomBytes } from 'node:crypto';

/** What a task token answers to SendTask*: 'ok', or the AWS error code. */
export type TokenAnswer = 'ok' | 'TaskDoesNotExist' | 'TaskTimedOut';

export interface CallbackHooks {
  /** SendTaskSuccess accepted (runs before the waiting task resumes). */
  onSuccess(output: string): void;
  /** SendTaskFailure accepted. */
  onFailure(error: string | undefined, cause: string | undefined): void;
}

interface PendingTask {
  executionArn: string;
  hooks: CallbackHooks;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The task tokens of `.waitForTaskToken` states: issues unguessable tokens, keeps the pending ones,
 *  and remembers (by hash) every token ever issued so that a stale one answers TaskTimedOut. */
export class TaskTokens {
  private readonly pending = new Map<string, PendingTask>();
  private readonly pendingByExecution = new Map<string, Set<string>>();
  private readonly issued = new Map<string, string>();

  /** A fresh token, as long and random as AWS's (base64url, ~260 chars). */
  issue(executionArn: string): { token: string; hash: string } {
    const token = `AQ${randomBytes(192).toString('base64url')}`;
    const hash = hashToken(token);
    this.issued.set(hash, executionArn);
    return { token, hash };
  }

  /** Remembers tokens issued before a restart (they can only be stale now). */
  remember(hash: string, executionArn: string): void {
    this.issued.set(hash, executionArn);
  }

  /** Registers a pending token; the promise settles on SendTaskSuccess/SendTaskFailure or `reject`. */
  wait(token: string, executionArn: string, hooks: CallbackHooks): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(token, { executionArn, hooks, resolve, reject });
      const tokens = this.pendingByExecution.get(executionArn) ?? new Set<string>();
      tokens.add(token);
      this.pendingByExecution.set(executionArn, tokens);
    });
  }

  /** Removes a token from the pending ones; returns it if it was pending. */
  private take(token: string): PendingTask | undefined {
    const task = this.pending.get(token);
    if (!task) return undefined;
    this.pending.delete(token);
    const tokens = this.pendingByExecution.get(task.executionArn);
    tokens?.delete(token);
    if (tokens?.size === 0) this.pendingByExecution.delete(task.executionArn);
    return task;
  }

  isPending(token: string): boolean {
    return this.pending.has(token);
  }

  private answerFor(token: string): TokenAnswer {
    return this.issued.has(hashToken(token)) ? 'TaskTimedOut' : 'TaskDoesNotExist';
  }

  succeed(token: string, output: string, value: unknown): TokenAnswer {
    const task = this.take(token);
    if (!task) return this.answerFor(token);
    task.hooks.onSuccess(output);
    task.resolve(value);
    return 'ok';
  }

  fail(token: string, error: string | undefined, cause: string | undefined): TokenAnswer {
    const task = this.take(token);
    if (!task) return this.answerFor(token);
    task.hooks.onFailure(error, cause);
    const failure = new Error(cause ?? '');
    failure.name = error ?? '';
    task.reject(failure);
    return 'ok';
  }

  heartbeat(token: string): TokenAnswer {
    return this.pending.has(token) ? 'ok' : this.answerFor(token);
  }

  /** The task timed out: the token stops being pending (answers TaskTimedOut); the waiter is left to the caller. Returns whether it was pending. */
  expire(token: string): boolean {
    return this.take(token) !== undefined;
  }

  /** Ends a pending token with an internal error (invocation failure, abort). Returns whether it was pending. */
  reject(token: string, error: Error): boolean {
    const task = this.take(token);
    if (!task) return false;
    task.reject(error);
    return true;
  }

  /** Ends every pending token of an execution (stopped, finished, or engine closing). */
  rejectExecution(executionArn: string, error: Error): void {
    for (const token of [...(this.pendingByExecution.get(executionArn) ?? [])]) this.reject(token, error);
  }
}
