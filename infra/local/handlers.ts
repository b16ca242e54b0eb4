import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionId } from '../functions.ts';
import type { FaultInjector } from './faults.ts';
import { lambdaContext } from './lambda-context.ts';

export type InProcessHandler = (event: unknown) => Promise<unknown>;

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
export const LOCAL_ACCOUNT = '000000000000';

/** Told of every invocation of a local handler, with its duration; the benchmark counts Lambda invocations. */
export const invocationObservers: ((id: FunctionId, milliseconds: number) => void)[] = [];

export function localFunctionArn(id: FunctionId, region: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${id}`;
}

/**
 * Imports every handler module of infra/functions.ts and wraps it as Lambda would call it: the event
 * and the result cross as JSON, a fresh context per invocation; with `faults`, some invocations fail.
 */
export async function loadHandlers(faults?: FaultInjector): Promise<Record<FunctionId, InProcessHandler>> {
  const entries = await Promise.all(
    (Object.keys(FUNCTIONS) as FunctionId[]).map(async (id) => {
      const module = (await import(join(PROJECT_ROOT, FUNCTIONS[id].entry))) as {
        handler: (event: unknown, context: unknown) => Promise<unknown>;
      };
      const invoke: InProcessHandler = async (event) => {
        const started = performance.now();
        try {
          const result = await module.handler(JSON.parse(JSON.stringify(event ?? null)), lambdaContext(id));
          return result === undefined ? null : JSON.parse(JSON.stringify(result));
        } finally {
          for (const observe of invocationObservers) observe(id, performance.now() - started);
        }
      };
      return [id, faults === undefined ? invoke : faults.wrap(id, invoke)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FunctionId, InProcessHandler>;
}

/**
 * workflows/claim.asl.json (or another version of it, under `file` from the project root) with its
 * `${...}` substitutions filled, as CDK's definitionSubstitutions does.
 */
export async function claimWorkflowDefinition(
  substitutions: Record<string, string>,
  file = join('workflows', 'claim.asl.json'),
): Promise<object> {
  const text = await readFile(join(PROJECT_ROOT, file), 'utf8');
  const filled = text.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`${file}: no value for \${${name}}`);
    return value;
  });
  return JSON.parse(filled) as object;
}

/** The substitutions of the local runtime: each workflow step's function by its local ARN. */
export function localSubstitutions(region: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, def] of Object.entries(FUNCTIONS)) {
    if (def.aslArn !== undefined) out[def.aslArn] = localFunctionArn(id as FunctionId, region);
  }
  return out;
}
