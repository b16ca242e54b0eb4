import { randomUUID } from 'node:crypto';
import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionInput,
  DescribeStateMachineForExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  ExecutionStatus,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  HistoryEventType,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  SendTaskFailureInput,
  SendTaskFailureOutput,
  SendTaskHeartbeatInput,
  SendTaskHeartbeatOutput,
  SendTaskSuccessInput,
  SendTaskSuccessOutput,
  StartExecutionInput,
  StopExecutionInput,
} from '@aws-sdk/client-sfn';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { TaskTokens, type TokenAnswer } from './callbacks.ts';
import { type DefinitionPlan, planDefinition, scaledWaits } from './definition.ts';
import { SfnError, validationError } from './errors.ts';
import { ExecutionStore } from './execution-store.ts';
import { appendEvent, fromLibraryEvent, HistoryRecorder, jsonText, toApiEvent } from './history.ts';
import {
  asParams,
  decodePageToken,
  encodePageToken,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredArn,
  requiredString,
} from './params.ts';
import { abortError, buildTaskOverrides, type ResumedCallback } from './task-dispatch.ts';
import { type LongTimer, setLongTimeout } from './timers.ts';
import type {
  ExecutionRecord,
  ExecutionStatusChange,
  HistoryEventBody,
  JsonValue,
  LibraryEvent,
  LocalStepFunctionsOptions,
} from './types.ts';

export const ACCOUNT_ID = '000000000000';

const NAME_PATTERN = /^[0-9A-Za-z_-]{1,80}$/;
const MAX_PAGE_SIZE = 1000;
const MAX_PAYLOAD_BYTES = 262_144;
const MAX_TOKEN_LENGTH = 2048;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

interface Outcome {
  status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>;
  output?: string;
  error?: string;
  cause?: string;
}

/** An execution being run by this process. */
interface ActiveRun {
  record: ExecutionRecord;
  recorder: HistoryRecorder;
  /** Aborts the task dispatchers (pending tasks reject, neither retried nor caught). */
  controller: AbortController;
  abortLibrary: (() => void) | undefined;
  stop: { error: string | undefined; cause: string | undefined } | undefined;
  timedOut: boolean;
  /** The engine closed: the record stays RUNNING on disk, to be redriven by the next start(). */
  detached: boolean;
  timer: LongTimer | undefined;
  finished: Promise<void>;
}

const TERMINAL_EVENT: Record<Outcome['status'], HistoryEventType> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  ABORTED: 'ExecutionAborted',
  TIMED_OUT: 'ExecutionTimedOut',
};

function terminalEvent(outcome: Outcome): HistoryEventBody {
  const type = TERMINAL_EVENT[outcome.status];
  const failure = { error: outcome.error, cause: outcome.cause };
  switch (outcome.status) {
    case 'SUCCEEDED':
      return {
        type,
        executionSucceededEventDetails: { output: outcome.output, outputDetails: { truncated: false } },
      };
    case 'FAILED':
      return { type, executionFailedEventDetails: failure };
    case 'ABORTED':
      return { type, executionAbortedEventDetails: failure };
    case 'TIMED_OUT':
      return { type, executionTimedOutEventDetails: failure };
  }
}

function failureOf(thrown: unknown): Outcome {
  if (thrown instanceof ExecutionError && thrown.cause instanceof Error) {
    return { status: 'FAILED', error: thrown.cause.name, cause: thrown.cause.message };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { status: 'FAILED', error: 'States.Runtime', cause: message };
}

function tokenError(answer: Exclude<TokenAnswer, 'ok'>): SfnError {
  return answer === 'TaskTimedOut'
    ? new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'")
    : new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
}

/** A Step Functions Standard state machine run in-process by aws-local-stepfunctions, with the
 *  Step Functions API (as @aws-sdk/client-sfn types it), callbacks, and executions persisted on disk. */
export class LocalStepFunctions {
  /** arn:aws:states:<region>:000000000000:stateMachine:<name> */
  readonly stateMachineArn: string;
  readonly region: string;
  readonly stateMachineName: string;

  private readonly options: LocalStepFunctionsOptions;
  private readonly plan: DefinitionPlan;
  private readonly machine: StateMachine;
  /** The same definition starting at another top-level state: where a restarted execution resumes. */
  private readonly resumeMachines = new Map<string, StateMachine>();
  private readonly topLevelStates: ReadonlySet<string>;
  private readonly store: ExecutionStore;
  private readonly log: (line: string) => void;
  private readonly tokens = new TaskTokens();
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly sequence = new Map<string, number>();
  private readonly runs = new Map<string, ActiveRun>();
  /** Callers of ended(), by execution ARN, told once the execution's final status is on disk. */
  private readonly endWaiters = new Map<
    string,
    { resolve: (out: DescribeExecutionOutput) => void; reject: (error: Error) => void }[]
  >();
  private readonly sentinel = `__local_sfn_task_token_${randomUUID()}__`;
  private readonly creationDate = new Date();
  private readonly roleArn: string;
  private started: Promise<{ redriven: string[] }> | undefined;
  private closed = false;
  private counter = 0;

  constructor(opts: LocalStepFunctionsOptions) {
    if (!NAME_PATTERN.test(opts.stateMachineName)) {
      throw new Error(
        `Invalid state machine name '${opts.stateMachineName}': 1-80 characters of [0-9A-Za-z_-]`,
      );
    }
    this.options = opts;
    this.stateMachineName = opts.stateMachineName;
    this.region = opts.region ?? 'us-east-1';
    this.stateMachineArn = `arn:aws:states:${this.region}:${ACCOUNT_ID}:stateMachine:${opts.stateMachineName}`;
    this.roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/${opts.stateMachineName}-local`;
    this.log = opts.log ?? (() => undefined);
    this.plan = planDefinition(opts.definition, opts.lambdas);
    try {
      this.machine = new StateMachine(this.plan.libraryDefinition);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`State machine '${opts.stateMachineName}': ${message}`);
    }
    this.topLevelStates = new Set(Object.keys(this.plan.libraryDefinition.States));
    this.store = new ExecutionStore(opts.dataDir, this.log);
  }

  /** Loads persisted executions; every RUNNING one resumes where it stood, as Step Functions never stopped it: in the
   *  state it last entered, with that state's input, a waiting callback waiting again on the same token (without
   *  invoking its function again) until the deadline it had. Recorded as an ExecutionRedriven history event
   *  (redriveCount+1) followed by the state's entered event. Idempotent; the API methods call it too. */
  start(): Promise<{ redriven: string[] }> {
    this.started ??= this.load();
    return this.started;
  }

  private async load(): Promise<{ redriven: string[] }> {
    const mine = (await this.store.loadAll())
      .filter((record) => record.stateMachineArn === this.stateMachineArn)
      .sort((a, b) => a.startDate - b.startDate);
    for (const record of mine) this.adopt(record);
    const running = mine.filter((record) => record.status === 'RUNNING');
    const redriveDate = Date.now();
    for (const record of running) {
      record.redriveCount += 1;
      record.redriveDate = redriveDate;
      appendEvent(record, {
        type: 'ExecutionRedriven',
        executionRedrivenEventDetails: { redriveCount: record.redriveCount },
      });
    }
    await Promise.all(running.map((record) => this.store.save(record)));
    if (this.closed) return { redriven: [] };
    for (const record of running) {
      const where = record.position?.stateName ?? 'its first state';
      this.log(
        `sfn: ${this.stateMachineName}/${record.name} resumed at ${where} (redrive #${record.redriveCount})`,
      );
      this.launch(record);
    }
    return { redriven: running.map((record) => record.executionArn) };
  }

  private adopt(record: ExecutionRecord): void {
    this.counter += 1;
    this.records.set(record.executionArn, record);
    this.sequence.set(record.executionArn, this.counter);
    for (const hash of record.taskTokenHashes) this.tokens.remember(hash, record.executionArn);
  }

  private async ready(mutating: boolean): Promise<void> {
    await this.start();
    if (mutating && this.closed) {
      throw new SfnError('ServiceUnavailable', 'The local Step Functions engine is closed', 503);
    }
  }

  private persist(record: ExecutionRecord): Promise<void> {
    return this.store.save(record).catch((error: unknown) => {
      this.log(
        `sfn: cannot persist ${record.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  private requireRecord(executionArn: string): ExecutionRecord {
    const record = this.records.get(executionArn);
    if (!record) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  private requireStateMachine(stateMachineArn: string): void {
    if (stateMachineArn !== this.stateMachineArn) {
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
  }

  // ---------------------------------------------------------------- running

  private launch(record: ExecutionRecord): ActiveRun {
    const active: ActiveRun = {
      record,
      recorder: new HistoryRecorder(record, () => void this.persist(record)),
      controller: new AbortController(),
      abortLibrary: undefined,
      stop: undefined,
      timedOut: false,
      detached: false,
      timer: undefined,
      finished: Promise.resolve(),
    };
    this.runs.set(record.executionArn, active);
    active.finished = this.run(active);
    return active;
  }

  /** The machine and input to run a record with: from StartAt, or (after a restart) from where it stood. */
  private entryOf(record: ExecutionRecord): {
    machine: StateMachine;
    input: JsonValue;
    callback: ResumedCallback | undefined;
  } {
    const { position, waiting } = record;
    if (position === undefined || !this.topLevelStates.has(position.stateName)) {
      return { machine: this.machine, input: JSON.parse(record.input) as JsonValue, callback: undefined };
    }
    let machine = this.resumeMachines.get(position.stateName);
    if (!machine) {
      // Validated once as a whole; a copy starting elsewhere may leave states unreachable, which is fine here.
      machine = new StateMachine(
        { ...this.plan.libraryDefinition, StartAt: position.stateName },
        { validationOptions: { noValidate: true } },
      );
      this.resumeMachines.set(position.stateName, machine);
    }
    const callback =
      waiting !== undefined &&
      waiting.stateName === position.stateName &&
      waiting.enteredEventId === position.enteredEventId
        ? {
            stateName: waiting.stateName,
            token: waiting.token,
            deadline: waiting.deadline,
            submitted: waiting.submitted !== false,
          }
        : undefined;
    return { machine, input: JSON.parse(position.input) as JsonValue, callback };
  }

  /** Follows the top-level state the execution is in (with its input), and the callback it waits on. */
  private track(record: ExecutionRecord, event: LibraryEvent): void {
    if (event.type !== 'StateEntered' || event.index !== undefined) return;
    if (!this.topLevelStates.has(event.state.name)) return;
    const entered = record.history.at(-1);
    if (entered?.stateEnteredEventDetails?.name !== event.state.name) return;
    record.position = {
      stateName: event.state.name,
      input: jsonText(event.state.input),
      enteredEventId: entered.id,
    };
  }

  private async run(active: ActiveRun): Promise<void> {
    const { record, recorder } = active;
    const entry = this.entryOf(record);
    const context = {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        RoleArn: this.roleArn,
        StartTime: new Date(record.startDate).toISOString(),
        RedriveCount: record.redriveCount,
      },
      StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineName },
      Task: { Token: this.sentinel },
    };
    const taskResourceLocalHandlers = buildTaskOverrides(this.plan.tasks, {
      executionArn: record.executionArn,
      region: this.region,
      sentinel: this.sentinel,
      context,
      lambdas: this.options.lambdas,
      tokens: this.tokens,
      recorder,
      signal: active.controller.signal,
      onTokenIssued: ({ hash, token, stateName, deadline }) => {
        record.taskTokenHashes.push(hash);
        const enteredEventId = record.position?.enteredEventId ?? 0;
        record.waiting = { stateName, enteredEventId, token, deadline, submitted: false };
      },
      onTokenResumed: (token) => {
        if (record.waiting?.token === token && record.position !== undefined) {
          record.waiting.enteredEventId = record.position.enteredEventId;
          void this.persist(record);
        }
      },
      onTokenSubmitted: (token) => {
        if (record.waiting?.token === token) record.waiting.submitted = true;
      },
      onTokenSettled: (token) => {
        if (record.waiting?.token === token) record.waiting = undefined;
      },
      resume: entry.callback,
      timeScale: this.options.timeScale,
      clock: this.options.callbackClock,
    });
    let outcome: Outcome;
    try {
      const execution = entry.machine.run(entry.input, {
        overrides: {
          taskResourceLocalHandlers,
          retryIntervalOverrides: this.options.retryIntervalOverrides,
          waitTimeOverrides: scaledWaits(this.options.definition, this.options.timeScale),
        },
        context,
        noThrowOnAbort: true,
      });
      active.abortLibrary = execution.abort;
      const timeoutSeconds = this.plan.executionTimeoutSeconds;
      if (timeoutSeconds !== undefined) {
        const remaining = record.startDate + timeoutSeconds * 1000 - Date.now();
        active.timer = setLongTimeout(() => this.interrupt(active, 'timeout'), remaining);
      }
      // Consumed alongside `result`: the log only closes once the run ends.
      const drained = (async () => {
        for await (const event of execution.eventLogs) {
          const body = fromLibraryEvent(event);
          if (body) recorder.append(body);
          if (!recorder.frozen) this.track(record, event);
        }
      })();
      try {
        outcome = { status: 'SUCCEEDED', output: jsonText(await execution.result) };
      } catch (thrown) {
        outcome = failureOf(thrown);
      }
      await drained;
    } catch (thrown) {
      outcome = failureOf(thrown);
    }
    active.timer?.clear();
    this.tokens.rejectExecution(record.executionArn, abortError());
    if (active.detached) {
      this.runs.delete(record.executionArn);
      this.settleEndWaiters(record, 'detached');
      return;
    }
    if (active.stop) outcome = { status: 'ABORTED', ...active.stop };
    else if (active.timedOut) {
      outcome = {
        status: 'TIMED_OUT',
        error: 'States.Timeout',
        cause: 'The execution exceeded its TimeoutSeconds',
      };
    }
    record.status = outcome.status;
    record.stopDate = Date.now();
    record.output = outcome.output;
    record.error = outcome.error;
    record.cause = outcome.cause;
    record.waiting = undefined;
    recorder.appendFinal(terminalEvent(outcome));
    const took = record.stopDate - record.startDate;
    const reason = outcome.error === undefined ? '' : ` (${outcome.error})`;
    this.log(`sfn: ${this.stateMachineName}/${record.name} ${outcome.status}${reason} after ${took} ms`);
    await this.persist(record);
    this.runs.delete(record.executionArn);
    this.settleEndWaiters(record, 'ended');
    await this.emitStatusChange(record);
  }

  private settleEndWaiters(record: ExecutionRecord, how: 'ended' | 'detached'): void {
    const waiters = this.endWaiters.get(record.executionArn);
    if (waiters === undefined) return;
    this.endWaiters.delete(record.executionArn);
    for (const waiter of waiters) {
      if (how === 'ended') waiter.resolve(this.describe(record));
      else
        waiter.reject(new SfnError('ServiceUnavailable', 'The local Step Functions engine is closed', 503));
    }
  }

  /** The status-change event of an execution in its current status (e.g. to hand on again after a restart). */
  async statusChange(executionArn: string): Promise<ExecutionStatusChange> {
    await this.ready(false);
    return this.statusChangeOf(this.requireRecord(executionArn));
  }

  /** The execution-status-change event Step Functions sends EventBridge, as it looks there. */
  private statusChangeOf(record: ExecutionRecord): ExecutionStatusChange {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: ACCOUNT_ID,
      time: new Date(record.stopDate ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [record.executionArn],
      detail: {
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: record.startDate,
        stopDate: record.stopDate ?? null,
        input: record.input,
        inputDetails: { included: true },
        output: record.output ?? null,
        outputDetails: record.output === undefined ? null : { included: true },
        error: record.error ?? null,
        cause: record.cause ?? null,
      },
    };
  }

  /** Hands an ended execution's status change to the listener (EventBridge's part locally); never throws. */
  private async emitStatusChange(record: ExecutionRecord): Promise<void> {
    const listener = this.options.onStatusChange;
    if (listener === undefined) return;
    try {
      await listener(this.statusChangeOf(record));
    } catch (error) {
      this.log(
        `sfn: status change of ${record.name} (${record.status}) not handled: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Ends a run early: StopExecution, the execution's TimeoutSeconds, or close(). */
  private interrupt(
    active: ActiveRun,
    reason: 'stop' | 'timeout' | 'close',
    stop?: { error: string | undefined; cause: string | undefined },
  ): void {
    if (active.stop || active.timedOut || active.detached) return;
    if (reason === 'stop') active.stop = stop ?? { error: undefined, cause: undefined };
    else if (reason === 'timeout') active.timedOut = true;
    else active.detached = true;
    active.recorder.freeze();
    active.timer?.clear();
    active.abortLibrary?.();
    active.controller.abort();
    this.tokens.rejectExecution(active.record.executionArn, abortError());
  }

  /** The state whose callback the execution waits on now (its token registered), if any. */
  waitingOn(executionArn: string): string | undefined {
    const waiting = this.records.get(executionArn)?.waiting;
    return waiting !== undefined && this.tokens.isPending(waiting.token) ? waiting.stateName : undefined;
  }

  /** Resolves when no execution is running (callbacks waiting count as running). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) {
      await Promise.allSettled([...this.runs.values()].map((active) => active.finished));
    }
    await this.store.flush();
  }

  /** Stops accepting work; running executions stay RUNNING on disk (as after a crash) so the next start() redrives them. */
  async close(): Promise<void> {
    this.closed = true;
    await this.started?.catch(() => undefined);
    for (const active of this.runs.values()) this.interrupt(active, 'close');
    await this.idle();
    for (const record of [...this.endWaiters.keys()].map((arn) => this.requireRecord(arn))) {
      this.settleEndWaiters(record, 'detached');
    }
    await this.store.close();
  }

  // ---------------------------------------------------------------- API

  async startExecution(req: StartExecutionInput): Promise<{ executionArn: string; startDate: Date }> {
    await this.ready(true);
    const p = asParams(req);
    this.requireStateMachine(requiredArn(p, 'stateMachineArn'));
    const name = optionalString(p, 'name') ?? randomUUID();
    if (!NAME_PATTERN.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = optionalString(p, 'input') ?? '{}';
    if (Buffer.byteLength(input, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw new SfnError('InvalidExecutionInput', `Execution input exceeds ${MAX_PAYLOAD_BYTES} bytes`);
    }
    try {
      JSON.parse(input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${message}'`);
    }
    const executionArn = `arn:aws:states:${this.region}:${ACCOUNT_ID}:execution:${this.stateMachineName}:${name}`;
    const existing = this.records.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: new Date(existing.startDate) };
      }
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const startDate = Date.now();
    const record: ExecutionRecord = {
      formatVersion: 1,
      executionArn,
      stateMachineArn: this.stateMachineArn,
      name,
      status: 'RUNNING',
      startDate,
      input,
      redriveCount: 0,
      taskTokenHashes: [],
      history: [],
    };
    appendEvent(
      record,
      {
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: this.roleArn },
      },
      startDate,
    );
    this.adopt(record);
    try {
      await this.store.save(record);
    } catch (error) {
      this.records.delete(executionArn);
      const message = error instanceof Error ? error.message : String(error);
      throw new SfnError('InternalFailure', `Cannot persist the execution: ${message}`, 500);
    }
    this.log(`sfn: ${this.stateMachineName}/${name} started`);
    // Closed meanwhile: it stays RUNNING on disk and the next start() runs it.
    if (!this.closed) this.launch(record);
    return { executionArn, startDate: new Date(startDate) };
  }

  private describe(record: ExecutionRecord): DescribeExecutionOutput {
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      stopDate: record.stopDate === undefined ? undefined : new Date(record.stopDate),
      input: record.input,
      inputDetails: { included: true },
      output: record.output,
      outputDetails: record.output === undefined ? undefined : { included: true },
      error: record.error,
      cause: record.cause,
      redriveCount: record.redriveCount,
      redriveDate: record.redriveDate === undefined ? undefined : new Date(record.redriveDate),
    };
  }

  async describeExecution(req: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    await this.ready(false);
    const p = asParams(req);
    return this.describe(this.requireRecord(requiredArn(p, 'executionArn')));
  }

  /**
   * The execution as DescribeExecution answers once it has ended (its final status on disk): at once
   * for one that already has. Rejects for an unknown execution, and when the engine closes first (the
   * execution then stays RUNNING on disk, as after a crash). What a caller waits on instead of polling.
   */
  async ended(executionArn: string): Promise<DescribeExecutionOutput> {
    await this.ready(false);
    const record = this.requireRecord(executionArn);
    // A run still in `runs` is writing its final status: it settles the waiters once that is on disk.
    if (record.status !== 'RUNNING' && !this.runs.has(executionArn)) return this.describe(record);
    if (this.closed && !this.runs.has(executionArn)) {
      throw new SfnError('ServiceUnavailable', 'The local Step Functions engine is closed', 503);
    }
    return new Promise((resolve, reject) => {
      const waiters = this.endWaiters.get(executionArn) ?? [];
      waiters.push({ resolve, reject });
      this.endWaiters.set(executionArn, waiters);
    });
  }

  async listExecutions(req: ListExecutionsInput): Promise<ListExecutionsOutput> {
    await this.ready(false);
    const p = asParams(req);
    const mapRunArn = optionalString(p, 'mapRunArn');
    if (mapRunArn !== undefined)
      throw new SfnError('ResourceNotFound', `Map Run Does Not Exist: '${mapRunArn}'`);
    const stateMachineArn = requiredArn(p, 'stateMachineArn');
    this.requireStateMachine(stateMachineArn);
    const statusFilter = optionalString(p, 'statusFilter');
    if (statusFilter !== undefined && !(STATUSES as readonly string[]).includes(statusFilter)) {
      throw validationError('statusFilter', `Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
    }
    const redriveFilter = optionalString(p, 'redriveFilter');
    if (redriveFilter !== undefined && redriveFilter !== 'REDRIVEN' && redriveFilter !== 'NOT_REDRIVEN') {
      throw validationError('redriveFilter', 'Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]');
    }
    const pageSize = optionalInteger(p, 'maxResults', 0, MAX_PAGE_SIZE) || MAX_PAGE_SIZE;
    const key = JSON.stringify(['executions', stateMachineArn, statusFilter ?? '', redriveFilter ?? '']);
    const offset = decodePageToken(optionalString(p, 'nextToken'), key);
    const matching = [...this.records.values()]
      .filter((r) => statusFilter === undefined || r.status === statusFilter)
      .filter((r) => redriveFilter === undefined || (redriveFilter === 'REDRIVEN') === r.redriveCount > 0)
      .sort(
        (a, b) =>
          b.startDate - a.startDate ||
          (this.sequence.get(b.executionArn) ?? 0) - (this.sequence.get(a.executionArn) ?? 0),
      );
    const executions = matching.slice(offset, offset + pageSize).map(
      (r): ExecutionListItem => ({
        executionArn: r.executionArn,
        stateMachineArn: r.stateMachineArn,
        name: r.name,
        status: r.status,
        startDate: new Date(r.startDate),
        stopDate: r.stopDate === undefined ? undefined : new Date(r.stopDate),
        redriveCount: r.redriveCount,
        redriveDate: r.redriveDate === undefined ? undefined : new Date(r.redriveDate),
      }),
    );
    const next = offset + pageSize;
    return { executions, nextToken: next < matching.length ? encodePageToken(key, next) : undefined };
  }

  async getExecutionHistory(req: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
    await this.ready(false);
    const p = asParams(req);
    const executionArn = requiredArn(p, 'executionArn');
    const record = this.requireRecord(executionArn);
    const pageSize = optionalInteger(p, 'maxResults', 0, MAX_PAGE_SIZE) || MAX_PAGE_SIZE;
    const reverseOrder = optionalBoolean(p, 'reverseOrder') ?? false;
    const includeExecutionData = optionalBoolean(p, 'includeExecutionData') ?? true;
    const key = JSON.stringify(['history', executionArn, reverseOrder]);
    const offset = decodePageToken(optionalString(p, 'nextToken'), key);
    const ordered = reverseOrder ? [...record.history].reverse() : record.history;
    const events = ordered.slice(offset, offset + pageSize).map((e) => toApiEvent(e, includeExecutionData));
    const next = offset + pageSize;
    return { events, nextToken: next < ordered.length ? encodePageToken(key, next) : undefined };
  }

  async stopExecution(req: StopExecutionInput): Promise<{ stopDate: Date }> {
    await this.ready(true);
    const p = asParams(req);
    const executionArn = requiredArn(p, 'executionArn');
    const error = optionalString(p, 'error', 256);
    const cause = optionalString(p, 'cause', 32768);
    const record = this.requireRecord(executionArn);
    const active = this.runs.get(executionArn);
    if (record.status === 'RUNNING' && active) {
      this.interrupt(active, 'stop', { error, cause });
      await active.finished;
    }
    return { stopDate: new Date(record.stopDate ?? Date.now()) };
  }

  private taskToken(p: Record<string, unknown>): string {
    return requiredString(p, 'taskToken', MAX_TOKEN_LENGTH);
  }

  async sendTaskSuccess(req: SendTaskSuccessInput): Promise<SendTaskSuccessOutput> {
    await this.ready(true);
    const p = asParams(req);
    const token = this.taskToken(p);
    const output = requiredString(p, 'output', MAX_PAYLOAD_BYTES);
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SfnError('InvalidOutput', `Invalid Output: '${message}'`);
    }
    const answer = this.tokens.succeed(token, output, value);
    if (answer !== 'ok') throw tokenError(answer);
    return {};
  }

  async sendTaskFailure(req: SendTaskFailureInput): Promise<SendTaskFailureOutput> {
    await this.ready(true);
    const p = asParams(req);
    const token = this.taskToken(p);
    const answer = this.tokens.fail(
      token,
      optionalString(p, 'error', 256),
      optionalString(p, 'cause', 32768),
    );
    if (answer !== 'ok') throw tokenError(answer);
    return {};
  }

  async sendTaskHeartbeat(req: SendTaskHeartbeatInput): Promise<SendTaskHeartbeatOutput> {
    await this.ready(true);
    const answer = this.tokens.heartbeat(this.taskToken(asParams(req)));
    if (answer !== 'ok') throw tokenError(answer);
    return {};
  }

  private describeMachine(): DescribeStateMachineOutput {
    return {
      stateMachineArn: this.stateMachineArn,
      name: this.stateMachineName,
      status: 'ACTIVE',
      definition: JSON.stringify(this.options.definition),
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: this.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  async describeStateMachine(req: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    await this.ready(false);
    this.requireStateMachine(requiredArn(asParams(req), 'stateMachineArn'));
    return this.describeMachine();
  }

  async describeStateMachineForExecution(
    req: DescribeStateMachineForExecutionInput,
  ): Promise<DescribeStateMachineForExecutionOutput> {
    await this.ready(false);
    this.requireRecord(requiredArn(asParams(req), 'executionArn'));
    const { stateMachineArn, name, definition, roleArn, loggingConfiguration, tracingConfiguration } =
      this.describeMachine();
    return {
      stateMachineArn,
      name,
      definition,
      roleArn,
      updateDate: this.creationDate,
      loggingConfiguration,
      tracingConfiguration,
    };
  }

  async listStateMachines(req: ListStateMachinesInput = {}): Promise<ListStateMachinesOutput> {
    await this.ready(false);
    const p = asParams(req);
    optionalInteger(p, 'maxResults', 0, MAX_PAGE_SIZE);
    decodePageToken(optionalString(p, 'nextToken'), 'stateMachines');
    return {
      stateMachines: [
        {
          stateMachineArn: this.stateMachineArn,
          name: this.stateMachineName,
          type: 'STANDARD',
          creationDate: this.creationDate,
        },
      ],
    };
  }
}
