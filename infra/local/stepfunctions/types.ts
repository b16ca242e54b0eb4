import type { ExecutionStatus, HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { StateMachine } from 'aws-local-stepfunctions';
import type { TaskClock } from './timers.ts';

/** An in-process Lambda function: receives the invocation event, returns the function's result. */
export type LambdaHandler = (event: unknown) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  /** e.g. 'ClaimWorkflow' */
  stateMachineName: string;
  /** ASL (JSONPath), already with ${...} substitutions filled. */
  definition: object;
  /** Default 'us-east-1'; the account is always '000000000000'. */
  region?: string;
  /** Executions are persisted here (created if missing): per execution, its history appended to a JSON-lines
   *  file and its state (the record without the history) in a small JSON file, replaced when it changes. */
  dataDir: string;
  /** Lambda function ARN -> in-process handler. Task states whose Resource is a Lambda ARN, or
   *  `arn:aws:states:::lambda:invoke` / `arn:aws:states:::lambda:invoke.waitForTaskToken` with Parameters.FunctionName, are dispatched here. */
  lambdas: Record<string, LambdaHandler>;
  /** Passed through to aws-local-stepfunctions: state name -> pause(s) in ms between retries. */
  retryIntervalOverrides?: Record<string, number | number[]>;
  /** Compresses waiting time for tests: the timeout (TimeoutSeconds or TimeoutSecondsPath) of every
   *  `.waitForTaskToken` Task and every Wait state's `Seconds` is multiplied by it (e.g. 1/172800: a day
   *  lasts half a second). Tasks that run a function keep their real timeouts. Default 1. */
  timeScale?: number;
  /** Arms the timeouts of `.waitForTaskToken` Tasks instead of the real clock (tests fire them when the
   *  step they wait for is waiting). Default: real time. */
  callbackClock?: TaskClock;
  log?: (line: string) => void;
  /** Receives the execution-status-change event of every execution that ends, as EventBridge would
   *  (after the end is persisted); a failure is logged, never retried. */
  onStatusChange?: (event: ExecutionStatusChange) => Promise<void>;
}

/** The `Step Functions Execution Status Change` event as EventBridge delivers it (dates as epoch ms). */
export interface ExecutionStatusChange {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: ExecutionStatus;
    startDate: number;
    stopDate: number | null;
    input: string;
    inputDetails: { included: boolean };
    output: string | null;
    outputDetails: { included: boolean } | null;
    error: string | null;
    cause: string | null;
  };
}

/** A JSON value as aws-local-stepfunctions types it. */
export type JsonValue = Parameters<StateMachine['run']>[0];

/** One event of the library's `eventLogs` generator. */
export type LibraryEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A history event as persisted: the AWS shape, with the timestamp as epoch milliseconds. */
export type StoredHistoryEvent = Omit<HistoryEvent, 'timestamp' | 'type' | 'id' | 'previousEventId'> & {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: HistoryEventType;
};

/** A history event before it is numbered and stamped. */
export type HistoryEventBody = Omit<StoredHistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;

/** One execution: its history in `<dataDir>/<file>.history.jsonl` (one event a line, appended), the rest in
 *  `<dataDir>/<file>.json`. */
export interface ExecutionRecord {
  formatVersion: 1;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: number;
  /** SHA-256 (hex) of every task token issued to this execution, so stale tokens answer TaskTimedOut. */
  taskTokenHashes: string[];
  history: StoredHistoryEvent[];
  /** The top-level state the execution last entered, with the input it entered with: where a restart resumes it. */
  position?: ExecutionPosition;
  /** The callback the execution waits on in `position`, so a restart waits on the same token again. */
  waiting?: WaitingCallback;
}

export interface ExecutionPosition {
  stateName: string;
  /** JSON text of the state's input (before InputPath/Parameters). */
  input: string;
  /** The id of the state's StateEntered history event: a waiting callback belongs to this entry only. */
  enteredEventId: number;
}

export interface WaitingCallback {
  stateName: string;
  enteredEventId: number;
  /** The task token itself (kept with the execution, as Step Functions keeps it, never shown by the API). */
  token: string;
  /** Epoch milliseconds when the Task times out; absent without a timeout. */
  deadline?: number;
  /** False until the function that receives the token has returned (TaskSubmitted): a restart before that
   *  invokes it again with the same token, as its invocation was lost. Absent (older records): returned. */
  submitted?: boolean;
}
