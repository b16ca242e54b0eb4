import { createRequire } from 'node:module';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import { METRICS_SERVICE } from '../metrics/names.ts';

type TracerModule = typeof import('@aws-lambda-powertools/tracer');
type TracerMiddlewareModule = typeof import('@aws-lambda-powertools/tracer/middleware');

/**
 * The tracer and the X-Ray SDK under it are not in the Lambda bundles (infra/lambda-bundling.ts): in AWS
 * they come from the Powertools layer (infra/constructs/powertools-layer.ts) under /opt/nodejs, which only
 * `require` finds (Lambda's NODE_PATH; an ES module's `import()` does not search it). Locally the same
 * `require` finds them in node_modules.
 */
const requireTracer = createRequire(import.meta.url);

/**
 * Traces are taken in Lambda (X-Ray active tracing) unless `POWERTOOLS_TRACE_DISABLED=true` (or
 * Powertools' own `POWERTOOLS_TRACE_ENABLED=false`) says not to;
 * never locally. Powertools Tracer (and the X-Ray SDK under it) is loaded on the first traced
 * invocation only, so a function's cold start pays nothing for it where tracing is off.
 */
export function tracingOn(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_LAMBDA_FUNCTION_NAME === undefined) return false;
  if ((env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false') return false;
  return !['true', '1'].includes((env.POWERTOOLS_TRACE_DISABLED ?? '').toLowerCase());
}

let loaded: Promise<Tracer> | undefined;

/** The one tracer of the function (service `union-claims`), loaded on first use; undefined where tracing is off. */
export function tracer(): Promise<Tracer> | undefined {
  if (!tracingOn()) return undefined;
  // Error messages can name people; the trace marks the error, the log has what may be kept.
  process.env.POWERTOOLS_TRACER_CAPTURE_ERROR ??= 'false';
  loaded ??= Promise.resolve().then(() => {
    const { Tracer } = requireTracer('@aws-lambda-powertools/tracer') as TracerModule;
    return new Tracer({ serviceName: METRICS_SERVICE, captureHTTPsRequests: false });
  });
  return loaded;
}

/** An AWS SDK v3 client whose calls are subsegments of the trace (the client itself where tracing is off). */
export async function traced<C extends object>(client: C): Promise<C> {
  const t = tracer();
  return t === undefined ? client : (await t).captureAWSv3Client(client);
}

/** Annotations of the running invocation's trace (searchable in X-Ray: `annotation.program = "…"`). */
export async function annotate(annotations: Readonly<Record<string, string | undefined>>): Promise<void> {
  const t = tracer();
  if (t === undefined) return;
  const tr = await t;
  for (const [key, value] of Object.entries(annotations))
    if (value !== undefined) tr.putAnnotation(key, value);
}

type Hooks = Required<Pick<MiddlewareObj, 'before' | 'after' | 'onError'>>;

/**
 * Powertools' `captureLambdaHandler` as a middleware of both handler factories, loaded lazily: the
 * handler's subsegment with cold start and service annotations. Responses and errors are not written
 * to the trace (they can carry personal data); the log has what an operator needs.
 */
export function tracing(): MiddlewareObj {
  let hooks: Promise<Hooks> | undefined;
  const load = (t: Promise<Tracer>) => {
    hooks ??= t.then((tr) => {
      const { captureLambdaHandler } = requireTracer(
        '@aws-lambda-powertools/tracer/middleware',
      ) as TracerMiddlewareModule;
      return captureLambdaHandler(tr, { captureResponse: false }) as unknown as Hooks;
    });
    return hooks;
  };
  const run = (hook: keyof Hooks) => async (request: Parameters<Hooks['before']>[0]) => {
    const t = tracer();
    if (t !== undefined) await (await load(t))[hook](request);
  };
  return { before: run('before'), after: run('after'), onError: run('onError') };
}
