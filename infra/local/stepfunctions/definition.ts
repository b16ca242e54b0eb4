import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { MAX_TIMER_MS } from './timers.ts';
import type { LambdaHandler } from './types.ts';

/** The longest Task timeout one process can honour (setTimeout's limit, ~24.8 days). AWS's default is 99999999 s. */
export const MAX_TASK_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** The key under which the local definition passes a TimeoutSecondsPath value through Parameters. */
export const TIMEOUT_PARAMETER = '__localTimeoutSeconds';

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** How a Task state is dispatched:
 *  - `function`: Resource is a Lambda ARN; the handler's result is the task result.
 *  - `invoke`: `lambda:invoke`; the result is wrapped as Lambda Invoke's response `{Payload, StatusCode, ...}`.
 *  - `callback`: `lambda:invoke.waitForTaskToken`; the result is the output of SendTaskSuccess. */
export type TaskKind = 'function' | 'invoke' | 'callback';

export interface TaskPlan {
  stateName: string;
  kind: TaskKind;
  resource: string;
  /** For `function`, the Resource; for the integrations, a static Parameters.FunctionName resolved to a key of `lambdas`. */
  functionArn?: string;
  /** The timeout both the library and the local timers apply, clamped to MAX_TASK_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  /** The TimeoutSecondsPath value arrives in the effective input under TIMEOUT_PARAMETER (see planTask). */
  timeoutFromParameters?: boolean;
  /** Whether the definition itself gave a timeout (AWS reports timeoutInSeconds in TaskScheduled only then). */
  explicitTimeout: boolean;
}

export interface DefinitionPlan {
  /** The definition given to aws-local-stepfunctions: Task timeouts made explicit and clamped (the library's default is 60 s),
   *  and the top-level TimeoutSeconds removed (the engine enforces it, as it may exceed setTimeout's limit). */
  libraryDefinition: StateMachineDefinition;
  tasks: Map<string, TaskPlan>;
  executionTimeoutSeconds: number | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Function name (and qualifier-free) of a Lambda ARN, partial ARN or name. */
export function lambdaFunctionName(nameOrArn: string): string {
  const full = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  if (full?.[1]) return full[1];
  const partial = /^[0-9]{12}:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  if (partial?.[1]) return partial[1];
  return nameOrArn.split(':')[0] ?? nameOrArn;
}

export interface ResolvedLambda {
  functionArn: string;
  handler: LambdaHandler;
}

/** Finds the handler for a FunctionName/Resource: exact key first, else by function name (ARN, partial ARN, name, with or without qualifier). */
export function resolveLambda(
  nameOrArn: unknown,
  lambdas: Record<string, LambdaHandler>,
): ResolvedLambda | undefined {
  if (typeof nameOrArn !== 'string' || nameOrArn.length === 0) return undefined;
  const exact = Object.hasOwn(lambdas, nameOrArn) ? lambdas[nameOrArn] : undefined;
  if (exact) return { functionArn: nameOrArn, handler: exact };
  const wanted = lambdaFunctionName(nameOrArn);
  for (const [functionArn, handler] of Object.entries(lambdas)) {
    if (lambdaFunctionName(functionArn) === wanted) return { functionArn, handler };
  }
  return undefined;
}

function describeKnown(lambdas: Record<string, LambdaHandler>): string {
  const keys = Object.keys(lambdas);
  return keys.length > 0 ? keys.join(', ') : '(none)';
}

function planTask(stateName: string, state: Json, lambdas: Record<string, LambdaHandler>): TaskPlan {
  const resource = state.Resource;
  if (typeof resource !== 'string') throw new Error(`Task state '${stateName}' has no Resource`);
  const explicitTimeout = state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined;
  let timeoutSeconds: number | undefined;
  let timeoutSecondsPath: string | undefined;
  let timeoutFromParameters = false;
  if (typeof state.TimeoutSecondsPath === 'string' && state.TimeoutSeconds === undefined) {
    timeoutSecondsPath = state.TimeoutSecondsPath;
    if (isObject(state.Parameters)) {
      // Step Functions reads TimeoutSecondsPath from the state input, the library from the effective input
      // (after Parameters): the local definition carries the value through Parameters under a hidden key
      // (stripped before dispatch), and the library's own timer gets the longest timeout instead.
      state.Parameters[`${TIMEOUT_PARAMETER}.$`] = timeoutSecondsPath;
      delete state.TimeoutSecondsPath;
      state.TimeoutSeconds = MAX_TASK_TIMEOUT_SECONDS;
      timeoutFromParameters = true;
    }
  } else {
    const given = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : MAX_TASK_TIMEOUT_SECONDS;
    timeoutSeconds = Math.min(given, MAX_TASK_TIMEOUT_SECONDS);
    // The library applies 60 s when TimeoutSeconds is absent and overflows setTimeout beyond ~24.8 days.
    state.TimeoutSeconds = timeoutSeconds;
  }
  const base = {
    stateName,
    resource,
    timeoutSeconds,
    timeoutSecondsPath,
    timeoutFromParameters,
    explicitTimeout,
  };

  if (/^arn:aws[a-z-]*:lambda:/.test(resource)) {
    const resolved = resolveLambda(resource, lambdas);
    if (!resolved) {
      throw new Error(
        `Task state '${stateName}': no local handler for Lambda function '${resource}' (known: ${describeKnown(lambdas)})`,
      );
    }
    return { ...base, kind: 'function', functionArn: resolved.functionArn };
  }
  if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_CALLBACK) {
    const kind: TaskKind = resource === LAMBDA_INVOKE ? 'invoke' : 'callback';
    const parameters = isObject(state.Parameters) ? state.Parameters : {};
    if (typeof parameters.FunctionName === 'string') {
      const resolved = resolveLambda(parameters.FunctionName, lambdas);
      if (!resolved) {
        throw new Error(
          `Task state '${stateName}': no local handler for Lambda function '${parameters.FunctionName}' (known: ${describeKnown(lambdas)})`,
        );
      }
      return { ...base, kind, functionArn: resolved.functionArn };
    }
    if (typeof parameters['FunctionName.$'] === 'string') return { ...base, kind };
    throw new Error(`Task state '${stateName}': ${resource} needs Parameters.FunctionName`);
  }
  throw new Error(
    `Task state '${stateName}' has Resource '${resource}', which the local Step Functions cannot dispatch ` +
      `(supported: Lambda function ARNs given in 'lambdas', ${LAMBDA_INVOKE} and ${LAMBDA_INVOKE_CALLBACK})`,
  );
}

function walkStates(
  machine: Json,
  where: string,
  lambdas: Record<string, LambdaHandler>,
  tasks: Map<string, TaskPlan>,
  seen: Map<string, string>,
): void {
  if (!isObject(machine.States)) throw new Error(`${where} has no States`);
  for (const [stateName, state] of Object.entries(machine.States)) {
    if (!isObject(state)) throw new Error(`State '${stateName}' is not an object`);
    // Overrides are keyed by state name across nested Parallel/Map machines, so names must identify one definition.
    const fingerprint = JSON.stringify(state);
    const previous = seen.get(stateName);
    if (previous !== undefined && previous !== fingerprint) {
      throw new Error(
        `State name '${stateName}' is used for two different states; the local engine needs unique names`,
      );
    }
    seen.set(stateName, fingerprint);
    if (state.Type === 'Task') {
      tasks.set(stateName, planTask(stateName, state, lambdas));
    } else if (state.Type === 'Parallel') {
      const branches = Array.isArray(state.Branches) ? state.Branches : [];
      branches.forEach((branch, i) => {
        if (isObject(branch)) walkStates(branch, `Branch ${i} of '${stateName}'`, lambdas, tasks, seen);
      });
    } else if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (isObject(processor)) walkStates(processor, `ItemProcessor of '${stateName}'`, lambdas, tasks, seen);
    }
  }
}

/** Checks every Task is dispatchable and prepares the definition for aws-local-stepfunctions. Throws on anything it cannot run. */
export function planDefinition(definition: object, lambdas: Record<string, LambdaHandler>): DefinitionPlan {
  const copy: unknown = structuredClone(definition);
  if (!isObject(copy)) throw new Error('The state machine definition must be a JSON object');
  if (copy.QueryLanguage !== undefined && copy.QueryLanguage !== 'JSONPath') {
    throw new Error(`QueryLanguage '${String(copy.QueryLanguage)}' is not supported locally (JSONPath only)`);
  }
  const tasks = new Map<string, TaskPlan>();
  walkStates(copy, 'The state machine', lambdas, tasks, new Map());
  const executionTimeoutSeconds = typeof copy.TimeoutSeconds === 'number' ? copy.TimeoutSeconds : undefined;
  delete copy.TimeoutSeconds;
  return { libraryDefinition: copy as unknown as StateMachineDefinition, tasks, executionTimeoutSeconds };
}

/** Evaluates a simple reference path (`$.a.b`, `$['a'][0]`, `$$.Execution.Id`), as Step Functions allows in *Path fields. */
export function evaluateReferencePath(path: string, input: unknown, context: unknown): unknown {
  let current: unknown;
  let rest: string;
  if (path.startsWith('$$')) {
    current = context;
    rest = path.slice(2);
  } else if (path.startsWith('$')) {
    current = input;
    rest = path.slice(1);
  } else {
    return undefined;
  }
  const segment = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  while (rest.length > 0) {
    const m = segment.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    const key = m[1] ?? m[3] ?? m[4];
    if (key !== undefined) {
      current = isObject(current) ? current[key] : undefined;
    } else {
      const index = Number(m[2]);
      current = Array.isArray(current) ? current[index] : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** Wait states with a fixed `Seconds`, as waitTimeOverrides (ms) scaled by `timeScale`; none at scale 1. */
export function scaledWaits(definition: object, timeScale = 1): Record<string, number> | undefined {
  if (timeScale === 1) return undefined;
  const waits: Record<string, number> = {};
  const walk = (machine: unknown): void => {
    if (!isObject(machine) || !isObject(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Wait' && typeof state.Seconds === 'number')
        waits[name] = state.Seconds * 1000 * timeScale;
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) state.Branches.forEach(walk);
      if (state.Type === 'Map') walk(state.ItemProcessor ?? state.Iterator);
    }
  };
  walk(definition);
  return waits;
}
