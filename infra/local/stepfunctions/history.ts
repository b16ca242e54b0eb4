import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { ExecutionRecord, HistoryEventBody, LibraryEvent, StoredHistoryEvent } from './types.ts';

/** JSON text of a value as Step Functions shows it (`undefined` as `null`). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

const NOT_TRUNCATED = { truncated: false } as const;

const ENTERED: Record<string, HistoryEventType> = {
  Task: 'TaskStateEntered',
  Choice: 'ChoiceStateEntered',
  Pass: 'PassStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};

const EXITED: Record<string, HistoryEventType> = {
  Task: 'TaskStateExited',
  Choice: 'ChoiceStateExited',
  Pass: 'PassStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};

/** Maps one event of the library's log to the AWS history event, or undefined when AWS has no counterpart
 *  (execution start/end events are written by the engine itself; task events by the task dispatchers). */
export function fromLibraryEvent(event: LibraryEvent): HistoryEventBody | undefined {
  switch (event.type) {
    case 'StateEntered': {
      const type = ENTERED[event.state.type];
      if (!type) return undefined;
      return {
        type,
        stateEnteredEventDetails: {
          name: event.state.name,
          input: jsonText(event.state.input),
          inputDetails: NOT_TRUNCATED,
        },
      };
    }
    case 'StateExited': {
      const type = EXITED[event.state.type];
      if (!type) return undefined;
      return {
        type,
        stateExitedEventDetails: {
          name: event.state.name,
          output: jsonText(event.state.output),
          outputDetails: NOT_TRUNCATED,
        },
      };
    }
    case 'StateFailed':
      if (event.state.type === 'Map') return { type: 'MapStateFailed' };
      if (event.state.type === 'Parallel') return { type: 'ParallelStateFailed' };
      return undefined;
    case 'MapIterationStarted':
      return {
        type: 'MapIterationStarted',
        mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index },
      };
    case 'MapIterationSucceeded':
      return {
        type: 'MapIterationSucceeded',
        mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index },
      };
    case 'MapIterationFailed':
      return {
        type: 'MapIterationFailed',
        mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index },
      };
    default:
      return undefined;
  }
}

/** Appends numbered, stamped events to an execution's history; `onChange` persists the record.
 *  Once frozen (the run was stopped, timed out or detached), only `appendFinal` still writes. */
export class HistoryRecorder {
  private isFrozen = false;

  constructor(
    private readonly record: ExecutionRecord,
    private readonly onChange: () => void,
  ) {}

  get frozen(): boolean {
    return this.isFrozen;
  }

  freeze(): void {
    this.isFrozen = true;
  }

  append(body: HistoryEventBody): void {
    if (this.isFrozen) return;
    this.appendFinal(body);
  }

  appendFinal(body: HistoryEventBody): void {
    appendEvent(this.record, body);
    this.onChange();
  }
}

export function appendEvent(
  record: ExecutionRecord,
  body: HistoryEventBody,
  timestamp = Date.now(),
): StoredHistoryEvent {
  const id = record.history.length + 1;
  const event: StoredHistoryEvent = { ...body, id, previousEventId: id - 1, timestamp };
  record.history.push(event);
  return event;
}

const DATA_FIELDS = new Set(['input', 'output', 'parameters']);

function withoutData(details: unknown): unknown {
  if (typeof details !== 'object' || details === null) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => !DATA_FIELDS.has(key)));
}

/** The event as GetExecutionHistory returns it; without input/output/parameters when includeExecutionData is false. */
export function toApiEvent(event: StoredHistoryEvent, includeExecutionData: boolean): HistoryEvent {
  const { timestamp, ...rest } = event;
  const api: HistoryEvent = { ...rest, timestamp: new Date(timestamp) };
  if (includeExecutionData) return api;
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    stripped[key] = key.endsWith('EventDetails') ? withoutData(value) : value;
  }
  return stripped as unknown as HistoryEvent;
}
