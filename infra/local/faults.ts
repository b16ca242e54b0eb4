import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { Pluggable } from '@smithy/types';
import { FUNCTIONS, type FunctionId } from '../functions.ts';

/**
 * Fault injection of the local runtime (off unless asked for): a share of the DynamoDB calls made inside
 * handlers fail with a retryable service error, and a share of handler invocations fail as Lambda's
 * service would or run past the function's timeout. Each share is a probability per call.
 */
export interface FaultSpec {
  /** DynamoDB calls that fail, half before reaching the table and half after (the write done, its answer lost). */
  readonly dynamodb: number;
  /** Invocations that fail with Lambda.ServiceException before the handler runs. */
  readonly handler: number;
  /** Invocations that run, then time out (Sandbox.Timedout) `hangMs` later: the work done, its result lost. */
  readonly timeout: number;
  readonly seed: number;
  /** Only these functions' invocations and DynamoDB calls (default: every function). */
  readonly only?: readonly FunctionId[];
  /** How long a timed-out invocation hangs before failing (default: the function's Lambda timeout). */
  readonly hangMs?: number;
}

export interface FaultCounts {
  invocations: number;
  dynamodbCalls: number;
  dynamodb: number;
  handler: number;
  timeout: number;
}

/** A DynamoDB call that succeeded inside a handler: the function and the command (`PutItemCommand`…). */
export interface DynamoCall {
  readonly fn: FunctionId;
  readonly command: string;
  /** What the call touched, for a reader: the key's pk/sk (or a Query's key condition), the index if any. */
  readonly target: string;
}

/** The partition and sort key (or key condition) a DynamoDB request names, as text. */
function targetOf(input: Record<string, unknown>): string {
  const describe = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return String(value);
    const v = value as Record<string, unknown>;
    if ('S' in v) return String(v.S);
    if ('N' in v) return String(v.N);
    return Object.entries(v)
      .map(([k, x]) => `${k}=${describe(x)}`)
      .join(' ');
  };
  if (input.Key !== undefined) return describe(input.Key);
  if (input.Item !== undefined) {
    const item = input.Item as Record<string, unknown>;
    return describe({ pk: item.pk, sk: item.sk });
  }
  if (input.KeyConditionExpression !== undefined)
    return `${input.IndexName ?? 'table'}: ${describe(input.ExpressionAttributeValues)}`;
  if (Array.isArray(input.TransactItems)) return `${input.TransactItems.length} items`;
  return '';
}

export interface FaultInjector {
  readonly spec: FaultSpec;
  /** What was injected so far, and out of how many chances. */
  readonly counts: FaultCounts;
  wrap(id: FunctionId, invoke: (event: unknown) => Promise<unknown>): (event: unknown) => Promise<unknown>;
  /** Calls `listener` after each DynamoDB call a handler made succeeded (tests count the writes of a request). */
  onDynamoCall(listener: (call: DynamoCall) => void): () => void;
  /** Client middleware at the initialize step, outside the SDK's retries: a fault reaches our code as a
   *  service error the SDK has already given up retrying. */
  readonly dynamodbPlugin: Pluggable<ServiceInputTypes, ServiceOutputTypes>;
}

const SHARES = ['dynamodb', 'handler', 'timeout'] as const;
const DEFAULT_LAMBDA_TIMEOUT_SECONDS = 15;
const DYNAMODB_ERRORS = [
  'InternalServerError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
];

/** `dynamodb=0.05,handler=0.05,timeout=0.02,seed=7,only=payout+markFailed,hang=200` */
export function parseFaults(text: string): FaultSpec {
  const values: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [key, value, ...rest] = part.split('=').map((s) => s.trim());
    if (key === undefined || key === '' || value === undefined || rest.length > 0) {
      throw new Error(`faults: '${part}' is not key=value`);
    }
    values[key] = value;
  }
  const share = (key: string): number => {
    const value = Number(values[key] ?? '0');
    if (!(value >= 0 && value <= 1)) throw new Error(`faults: ${key} must be a share from 0 to 1`);
    return value;
  };
  const known = new Set<string>([...SHARES, 'seed', 'only', 'hang']);
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new Error(`faults: unknown ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(seed)) throw new Error('faults: seed must be an integer');
  const only = values.only?.split('+');
  for (const id of only ?? []) if (!(id in FUNCTIONS)) throw new Error(`faults: no function '${id}'`);
  const hangMs = values.hang === undefined ? undefined : Number(values.hang);
  if (hangMs !== undefined && !(Number.isInteger(hangMs) && hangMs >= 0)) {
    throw new Error('faults: hang must be milliseconds');
  }
  if (share('handler') + share('timeout') > 1) throw new Error('faults: handler + timeout must not exceed 1');
  return {
    dynamodb: share('dynamodb'),
    handler: share('handler'),
    timeout: share('timeout'),
    seed,
    ...(only === undefined ? {} : { only: only as FunctionId[] }),
    ...(hangMs === undefined ? {} : { hangMs }),
  };
}

/** mulberry32: a small seeded generator, so a run's sequence of draws can be repeated. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function named(name: string, message: string, extra: object = {}): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, extra);
}

export function faultInjector(spec: FaultSpec): FaultInjector {
  const random = seeded(spec.seed);
  const inHandler = new AsyncLocalStorage<FunctionId>();
  const targeted = (id: FunctionId | undefined): id is FunctionId =>
    id !== undefined && (spec.only === undefined || spec.only.includes(id));
  const counts: FaultCounts = { invocations: 0, dynamodbCalls: 0, dynamodb: 0, handler: 0, timeout: 0 };
  const listeners = new Set<(call: DynamoCall) => void>();

  const dynamodbFault = (command: string): Error => {
    const name = DYNAMODB_ERRORS[Math.floor(random() * DYNAMODB_ERRORS.length)] ?? 'InternalServerError';
    return named(name, `injected fault: DynamoDB ${command} failed (${name})`, {
      $fault: 'server',
      $retryable: name === 'InternalServerError' ? {} : { throttling: true },
      $metadata: { httpStatusCode: name === 'InternalServerError' ? 500 : 400, attempts: 3 },
    });
  };

  return {
    spec,
    counts,
    onDynamoCall: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    wrap: (id, invoke) => {
      if (!targeted(id)) return invoke;
      return async (event) => {
        counts.invocations++;
        const draw = random();
        if (draw < spec.handler) {
          counts.handler++;
          throw named('Lambda.ServiceException', `injected fault: Lambda could not invoke ${id}`);
        }
        if (draw < spec.handler + spec.timeout) {
          counts.timeout++;
          const seconds = FUNCTIONS[id].timeoutSeconds ?? DEFAULT_LAMBDA_TIMEOUT_SECONDS;
          await inHandler.run(id, () => invoke(event)).catch(() => undefined);
          await new Promise((r) => setTimeout(r, spec.hangMs ?? seconds * 1000));
          throw named(
            'Sandbox.Timedout',
            `injected fault: Task timed out after ${seconds.toFixed(2)} seconds`,
          );
        }
        return inHandler.run(id, () => invoke(event));
      };
    },
    dynamodbPlugin: {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            const fn = inHandler.getStore();
            if (fn === undefined || (listeners.size === 0 && (!targeted(fn) || spec.dynamodb === 0))) {
              return next(args);
            }
            const command = String(context.commandName ?? 'call');
            let fault: 'before' | 'after' | null = null;
            if (targeted(fn) && spec.dynamodb > 0) {
              counts.dynamodbCalls++;
              const draw = random();
              if (draw < spec.dynamodb) {
                counts.dynamodb++;
                fault = draw < spec.dynamodb / 2 ? 'before' : 'after';
              }
            }
            if (fault === 'before') throw dynamodbFault(command);
            const output = await next(args);
            for (const listener of listeners)
              listener({ fn, command, target: targetOf(args.input as Record<string, unknown>) });
            if (fault === 'after') throw dynamodbFault(command);
            return output;
          },
          { step: 'initialize', name: 'localFaultInjection', priority: 'high' },
        );
      },
    },
  };
}
