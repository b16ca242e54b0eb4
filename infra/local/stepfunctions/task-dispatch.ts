import { randomUUID } from 'node:crypto';
import type { TaskTokens } from './callbacks.ts';
import {
  evaluateReferencePath,
  MAX_TASK_TIMEOUT_SECONDS,
  resolveLambda,
  type TaskPlan,
  TIMEOUT_PARAMETER,
} from './definition.ts';
import type { HistoryRecorder } from './history.ts';
import { jsonText } from './history.ts';
import { nextTurn, REAL_CLOCK, type TaskClock } from './timers.ts';
import type { JsonValue, LambdaHandler } from './types.ts';

/** What the task dispatchers of one run need. */
export interface TaskRunContext {
  executionArn: string;
  region: string;
  /** Stands for `$$.Task.Token` in the effective input; replaced with a fresh token per callback attempt. */
  sentinel: string;
  /** The run's context object, for `$$.` paths in TimeoutSecondsPath. */
  context: Record<string, unknown>;
  lambdas: Record<string, LambdaHandler>;
  tokens: TaskTokens;
  recorder: HistoryRecorder;
  /** Aborted when the execution is stopped, times out, or the engine closes. */
  signal: AbortSignal;
  /** A callback Task issued a token (its state, and when it times out). */
  onTokenIssued(issued: IssuedToken): void;
  /** A callback's token stopped waiting (answered, timed out, or its invocation failed). */
  onTokenSettled(token: string): void;
  /** The function that received a callback's token returned (TaskSubmitted). */
  onTokenSubmitted(token: string): void;
  /** A resumed callback waits on its token again, in the state's new entry. */
  onTokenResumed(token: string): void;
  /** A callback the execution waited on when the engine stopped: the first attempt of that state waits on the
   *  same token again, without invoking its function again. Consumed by that attempt. */
  resume?: ResumedCallback;
  /** Multiplies the timeout of every callback Task (tests compress waiting time); default 1. */
  timeScale?: number;
  /** Arms the timeout of every callback Task; default the real clock. */
  clock?: TaskClock | undefined;
}

export interface IssuedToken {
  hash: string;
  token: string;
  stateName: string;
  deadline: number | undefined;
}

export interface ResumedCallback {
  stateName: string;
  token: string;
  deadline: number | undefined;
  /** The function that receives the token had returned before the restart; if not, it is invoked again. */
  submitted: boolean;
}

export type TaskOverride = (input: JsonValue) => Promise<JsonValue>;

const NOT_TRUNCATED = { truncated: false } as const;

/** After the library's own States.Timeout should have ended the task, how long until the local one does. */
const TIMEOUT_FALLBACK_MS = 1000;

/** aws-local-stepfunctions reads these flags on errors to decide whether Retry/Catch may match them. */
type FlaggedError = Error & { isRetryable?: boolean; isCatchable?: boolean };

/** The run was stopped/closed: neither Retry nor Catch may match (aws-local-stepfunctions honours these flags). */
export function abortError(): Error {
  const error: FlaggedError = new Error('Execution aborted');
  error.name = 'States.Aborted';
  error.isRetryable = false;
  error.isCatchable = false;
  return error;
}

function timeoutError(): Error {
  const error = new Error('States.Timeout');
  error.name = 'States.Timeout';
  return error;
}

/** A handler's thrown value as Lambda reports it: the error name is the errorType (matched by Retry/Catch), the message (Catch's Cause) the JSON payload AWS gives. */
export function toLambdaError(thrown: unknown): Error {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
  const trace = thrown instanceof Error && thrown.stack ? thrown.stack.split('\n') : [];
  const failure = new Error(JSON.stringify({ errorType, errorMessage, trace }));
  failure.name = errorType;
  return failure;
}

async function invokeHandler(handler: LambdaHandler, event: unknown): Promise<JsonValue> {
  const result = await handler(structuredClone(event));
  // As through Lambda: the result travels as JSON.
  return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue);
}

/** The result of `arn:aws:states:::lambda:invoke`, as AWS wraps a synchronous Invoke. */
export function invokeResponse(payload: JsonValue): JsonValue {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(jsonText(payload))),
    'Content-Type': 'application/json',
    Date: new Date().toUTCString(),
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': requestId,
  };
  const allHeaders = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]]));
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { AllHttpHeaders: allHeaders, HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** Replaces every occurrence of `sentinel` in strings (and keys) of a JSON value. */
export function replaceSentinel(value: JsonValue, sentinel: string, token: string): JsonValue {
  if (typeof value === 'string') return value.includes(sentinel) ? value.split(sentinel).join(token) : value;
  if (Array.isArray(value)) return value.map((item) => replaceSentinel(item, sentinel, token));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key.includes(sentinel) ? key.split(sentinel).join(token) : key,
        replaceSentinel(item, sentinel, token),
      ]),
    );
  }
  return value;
}

function timeoutMsFor(
  plan: TaskPlan,
  input: JsonValue,
  context: Record<string, unknown>,
  timeScale = 1,
): number | undefined {
  if (plan.timeoutSeconds !== undefined) return plan.timeoutSeconds * 1000 * timeScale;
  if (plan.timeoutSecondsPath !== undefined) {
    const seconds = plan.timeoutFromParameters
      ? parametersOf(input)[TIMEOUT_PARAMETER]
      : evaluateReferencePath(plan.timeoutSecondsPath, input, context);
    if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1) {
      return Math.min(seconds, MAX_TASK_TIMEOUT_SECONDS) * 1000 * timeScale;
    }
  }
  return undefined;
}

/** One attempt of a Task state. `closed` once it settled, timed out or was aborted: later outcomes are ignored. */
interface Attempt {
  closed: boolean;
  onTimeout?: () => void;
}

/** Runs one attempt under the state's timeout and the run's abort signal. The local timer is armed before the
 *  library's identical one, so it marks the task timed out first; the library then rejects with its own
 *  States.Timeout error (which, unlike a look-alike, `States.TaskFailed` does not match). */
function guarded(
  timeoutMs: number | undefined,
  signal: AbortSignal,
  body: (attempt: Attempt) => Promise<JsonValue>,
  fallbackMs = TIMEOUT_FALLBACK_MS,
  clock: TaskClock = REAL_CLOCK,
): Promise<JsonValue> {
  const attempt: Attempt = { closed: false };
  return new Promise<JsonValue>((resolve, reject) => {
    const close = (): void => {
      attempt.closed = true;
      timer?.clear();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (attempt.closed) return;
      close();
      reject(abortError());
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : clock.setTimeout(() => {
            if (attempt.closed) return;
            close();
            attempt.onTimeout?.();
            setTimeout(() => reject(timeoutError()), fallbackMs);
          }, timeoutMs);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    body(attempt).then(
      (value) => {
        if (attempt.closed) return;
        close();
        resolve(value);
      },
      (error: unknown) => {
        if (attempt.closed) return;
        close();
        reject(error);
      },
    );
  });
}

function functionNotFound(functionName: unknown): Error {
  const failure = new Error(
    JSON.stringify({
      errorType: 'ResourceNotFoundException',
      errorMessage: `Function not found: ${String(functionName)}`,
    }),
  );
  failure.name = 'Lambda.ResourceNotFoundException';
  return failure;
}

function parametersOf(input: JsonValue): Record<string, JsonValue> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
}

function dispatchFunction(
  plan: TaskPlan,
  ctx: TaskRunContext,
  input: JsonValue,
  attempt: Attempt,
): Promise<JsonValue> {
  const { recorder } = ctx;
  const resolved = resolveLambda(plan.functionArn, ctx.lambdas);
  recorder.append({
    type: 'LambdaFunctionScheduled',
    lambdaFunctionScheduledEventDetails: {
      resource: plan.resource,
      input: jsonText(input),
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds: plan.explicitTimeout ? plan.timeoutSeconds : undefined,
    },
  });
  attempt.onTimeout = () =>
    recorder.append({
      type: 'LambdaFunctionTimedOut',
      lambdaFunctionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  if (!resolved) {
    const failure = functionNotFound(plan.resource);
    recorder.append({
      type: 'LambdaFunctionFailed',
      lambdaFunctionFailedEventDetails: { error: failure.name, cause: failure.message },
    });
    return Promise.reject(failure);
  }
  return (async () => {
    try {
      recorder.append({ type: 'LambdaFunctionStarted' });
      const output = await invokeHandler(resolved.handler, input);
      if (!attempt.closed) {
        recorder.append({
          type: 'LambdaFunctionSucceeded',
          lambdaFunctionSucceededEventDetails: { output: jsonText(output), outputDetails: NOT_TRUNCATED },
        });
      }
      return output;
    } catch (thrown) {
      const failure = toLambdaError(thrown);
      if (!attempt.closed) {
        recorder.append({
          type: 'LambdaFunctionFailed',
          lambdaFunctionFailedEventDetails: { error: failure.name, cause: failure.message },
        });
      }
      throw failure;
    }
  })();
}

function dispatchInvoke(
  plan: TaskPlan,
  ctx: TaskRunContext,
  input: JsonValue,
  attempt: Attempt,
): Promise<JsonValue> {
  const { recorder } = ctx;
  const resource = 'invoke';
  const params = parametersOf(input);
  recorder.append({
    type: 'TaskScheduled',
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource,
      region: ctx.region,
      parameters: jsonText(input),
      timeoutInSeconds: plan.explicitTimeout ? plan.timeoutSeconds : undefined,
    },
  });
  attempt.onTimeout = () =>
    recorder.append({
      type: 'TaskTimedOut',
      taskTimedOutEventDetails: { resourceType: 'lambda', resource, error: 'States.Timeout' },
    });
  const failed = (failure: Error): void =>
    recorder.append({
      type: 'TaskFailed',
      taskFailedEventDetails: {
        resourceType: 'lambda',
        resource,
        error: failure.name,
        cause: failure.message,
      },
    });
  const resolved = resolveLambda(params.FunctionName, ctx.lambdas);
  if (!resolved) {
    const failure = functionNotFound(params.FunctionName);
    failed(failure);
    return Promise.reject(failure);
  }
  return (async () => {
    try {
      recorder.append({ type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource } });
      const response = invokeResponse(await invokeHandler(resolved.handler, params.Payload ?? {}));
      if (!attempt.closed) {
        recorder.append({
          type: 'TaskSucceeded',
          taskSucceededEventDetails: {
            resourceType: 'lambda',
            resource,
            output: jsonText(response),
            outputDetails: NOT_TRUNCATED,
          },
        });
      }
      return response;
    } catch (thrown) {
      const failure = toLambdaError(thrown);
      if (!attempt.closed) failed(failure);
      throw failure;
    }
  })();
}

function dispatchCallback(
  plan: TaskPlan,
  ctx: TaskRunContext,
  input: JsonValue,
  attempt: Attempt,
  deadline: number | undefined,
): Promise<JsonValue> {
  const { token, hash } = ctx.tokens.issue(ctx.executionArn);
  ctx.onTokenIssued({ hash, token, stateName: plan.stateName, deadline });
  return invokeWithToken(plan, ctx, input, attempt, token);
}

/** Invokes a callback Task's function with the token in its input, and waits on the token. */
function invokeWithToken(
  plan: TaskPlan,
  ctx: TaskRunContext,
  input: JsonValue,
  attempt: Attempt,
  token: string,
): Promise<JsonValue> {
  const { recorder, tokens } = ctx;
  const resource = 'invoke.waitForTaskToken';
  const effective = replaceSentinel(input, ctx.sentinel, token);
  const params = parametersOf(effective);
  recorder.append({
    type: 'TaskScheduled',
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource,
      region: ctx.region,
      parameters: jsonText(effective),
      timeoutInSeconds: plan.explicitTimeout ? plan.timeoutSeconds : undefined,
    },
  });
  const failed = (failure: Error): void =>
    recorder.append({
      type: 'TaskFailed',
      taskFailedEventDetails: {
        resourceType: 'lambda',
        resource,
        error: failure.name,
        cause: failure.message,
      },
    });
  const resolved = resolveLambda(params.FunctionName, ctx.lambdas);
  if (!resolved) {
    const failure = functionNotFound(params.FunctionName);
    failed(failure);
    return Promise.reject(failure);
  }
  recorder.append({ type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource } });
  const waiter = awaitToken(ctx, token, attempt);
  invokeHandler(resolved.handler, params.Payload ?? {}).then(
    (payload) => {
      if (!tokens.isPending(token)) return;
      ctx.onTokenSubmitted(token);
      recorder.append({
        type: 'TaskSubmitted',
        taskSubmittedEventDetails: {
          resourceType: 'lambda',
          resource,
          output: jsonText(invokeResponse(payload)),
          outputDetails: NOT_TRUNCATED,
        },
      });
    },
    (thrown: unknown) => {
      const failure = toLambdaError(thrown);
      if (tokens.reject(token, failure)) {
        ctx.onTokenSettled(token);
        failed(failure);
      }
    },
  );
  return waiter;
}

/** Waits on a callback's token until SendTaskSuccess/Failure or the attempt's timeout. */
function awaitToken(ctx: TaskRunContext, token: string, attempt: Attempt): Promise<JsonValue> {
  const { recorder, tokens } = ctx;
  const resource = 'invoke.waitForTaskToken';
  const waiter = tokens.wait(token, ctx.executionArn, {
    onSuccess: (output) => {
      ctx.onTokenSettled(token);
      recorder.append({
        type: 'TaskSucceeded',
        taskSucceededEventDetails: { resourceType: 'lambda', resource, output, outputDetails: NOT_TRUNCATED },
      });
    },
    onFailure: (error, cause) => {
      ctx.onTokenSettled(token);
      recorder.append({
        type: 'TaskFailed',
        taskFailedEventDetails: { resourceType: 'lambda', resource, error, cause },
      });
    },
  });
  attempt.onTimeout = () => {
    if (!tokens.expire(token)) return;
    ctx.onTokenSettled(token);
    recorder.append({
      type: 'TaskTimedOut',
      taskTimedOutEventDetails: { resourceType: 'lambda', resource, error: 'States.Timeout' },
    });
  };
  return waiter as Promise<JsonValue>;
}

function withoutTimeoutParameter(input: JsonValue): JsonValue {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const { [TIMEOUT_PARAMETER]: _timeout, ...rest } = input;
  return rest;
}

/** The `taskResourceLocalHandlers` of one run: every Task state (nested ones too), keyed by state name. */
export function buildTaskOverrides(
  tasks: Map<string, TaskPlan>,
  ctx: TaskRunContext,
): Record<string, TaskOverride> {
  const overrides: Record<string, TaskOverride> = {};
  for (const plan of tasks.values()) {
    // Compressed time shortens waiting (callbacks), never a function's own work time.
    const timeScale = plan.kind === 'callback' ? (ctx.timeScale ?? 1) : 1;
    const clock = plan.kind === 'callback' ? ctx.clock : undefined;
    // With time compressed (or on a clock of the caller's) the library's own real-time timer never comes
    // first: the local one decides at once.
    const fallbackMs = timeScale === 1 && clock === undefined ? TIMEOUT_FALLBACK_MS : 0;
    overrides[plan.stateName] = (rawInput) => {
      const input = plan.timeoutFromParameters ? withoutTimeoutParameter(rawInput) : rawInput;
      const resumed = ctx.resume?.stateName === plan.stateName ? ctx.resume : undefined;
      if (resumed) ctx.resume = undefined;
      // A resumed callback keeps the deadline it had: the wait before the restart counts.
      const timeoutMs = resumed
        ? resumed.deadline === undefined
          ? undefined
          : Math.max(0, resumed.deadline - Date.now())
        : timeoutMsFor(plan, rawInput, ctx.context, timeScale);
      const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
      return guarded(
        timeoutMs,
        ctx.signal,
        async (attempt) => {
          // The library calls the override before its log's consumer has seen this state's StateEntered: let it catch up first.
          await nextTurn();
          if (attempt.closed) throw abortError();
          if (resumed) {
            ctx.onTokenResumed(resumed.token);
            // Its function had not returned when the engine stopped: that invocation is lost, so it runs
            // again with the same token (handlers are idempotent per claim and step).
            if (!resumed.submitted && plan.kind === 'callback') {
              return invokeWithToken(plan, ctx, input, attempt, resumed.token);
            }
            return awaitToken(ctx, resumed.token, attempt);
          }
          switch (plan.kind) {
            case 'function':
              return dispatchFunction(plan, ctx, input, attempt);
            case 'invoke':
              return dispatchInvoke(plan, ctx, input, attempt);
            case 'callback':
              return dispatchCallback(plan, ctx, input, attempt, deadline);
          }
        },
        resumed ? 0 : fallbackMs,
        clock,
      );
    };
  }
  return overrides;
}
