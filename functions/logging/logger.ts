import type { Logger } from '@aws-lambda-powertools/logger';
import { METRICS_SERVICE } from '../metrics/names.ts';
import { lineHead, prettyLine, redact } from './format.ts';

/**
 * Compact pretty lines for a person at a terminal (`LOG_FORMAT=pretty`, or stdout is a TTY outside
 * Lambda); JSON otherwise (`LOG_FORMAT=json`, in Lambda, piped to a file).
 */
export function wantsPretty(
  env: NodeJS.ProcessEnv = process.env,
  tty = process.stdout.isTTY === true,
): boolean {
  if (env.LOG_FORMAT === 'pretty') return true;
  if (env.LOG_FORMAT === 'json' || env.AWS_LAMBDA_FUNCTION_NAME !== undefined) return false;
  return tty;
}

/** A console whose lines are the logger's JSON turned pretty on the way out. */
function prettyConsole(): Console {
  const out = (line: unknown) => process.stdout.write(`${prettyLine(String(line))}\n`);
  const err = (line: unknown) => process.stderr.write(`${prettyLine(String(line))}\n`);
  return { log: out, info: out, debug: out, trace: out, warn: err, error: err } as unknown as Console;
}

let built: Logger | undefined;
let loading: Promise<Logger> | undefined;

/**
 * Loads Powertools Logger (a chunk of its own in the Lambda asset, not parsed at import) and builds the
 * one logger of the function, once per container; a failed load is tried again on the next call. The
 * handler factories await it before their first middleware runs, so every line of an invocation is
 * Powertools'. (loadOnce's rule, written out here: a function whose only logging is in its use case
 * then keeps load-once.ts in its handler's module instead of a chunk of its own.)
 */
export function loadLogger(): Promise<Logger> {
  loading ??= import('./powertools-logger.ts').then(
    ({ powertoolsLogger }) => {
      built ??= powertoolsLogger(wantsPretty() ? prettyConsole() : undefined);
      return built;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

const THRESHOLD: Readonly<Record<string, number>> = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
};

/** The level Powertools would log at (Lambda's log level, then POWERTOOLS_LOG_LEVEL, then LOG_LEVEL; INFO). */
function threshold(env: NodeJS.ProcessEnv = process.env): number {
  for (const name of [env.AWS_LAMBDA_LOG_LEVEL, env.POWERTOOLS_LOG_LEVEL, env.LOG_LEVEL]) {
    const level = THRESHOLD[(name ?? '').toUpperCase()];
    if (level !== undefined) return level;
  }
  return THRESHOLD.INFO ?? 12;
}

/** The trace id of the running invocation, as Powertools reads it (`Root=` of `_X_AMZN_TRACE_ID`). */
function xrayTraceId(): string | undefined {
  return process.env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', '') || undefined;
}

/** JSON.stringify's replacer of the plain line: errors as their name, message and stack; bigints as strings. */
function plain(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * A line written before Powertools Logger is loaded (outside a handler's invocation: at import, by the
 * local runtime, or after the load failed): the same fields in the same order as the logger's line
 * (`lineHead`, then the call's fields, redacted), to stdout (warnings and errors to stderr, as the
 * logger's Console writes them), pretty on a terminal. It starts the load, so later lines are Powertools'.
 */
function writePlain(
  level: 'INFO' | 'WARN' | 'ERROR',
  message: string,
  fields: Readonly<Record<string, unknown>>,
) {
  void loadLogger().catch(() => undefined);
  if ((THRESHOLD[level] ?? 0) < threshold()) return;
  const head = lineHead({
    level,
    message,
    timestamp: new Date().toISOString(),
    service: METRICS_SERVICE,
    xrayTraceId: xrayTraceId(),
  });
  // Powertools drops the top-level keys that are undefined, empty or null.
  const item = Object.fromEntries(
    Object.entries({ ...head, ...(redact(fields) as Record<string, unknown>) }).filter(
      ([, value]) => value !== undefined && value !== '' && value !== null,
    ),
  );
  const json = JSON.stringify(item, plain);
  const line = `${wantsPretty() ? prettyLine(json) : json}\n`;
  (level === 'INFO' ? process.stdout : process.stderr).write(line);
}

/** What code outside the handler factories logs through: a message and its (non-personal) fields. */
export interface Log {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export const log: Log = {
  info: (message, fields = {}) =>
    built === undefined ? writePlain('INFO', message, fields) : built.info(message, { ...fields }),
  warn: (message, fields = {}) =>
    built === undefined ? writePlain('WARN', message, fields) : built.warn(message, { ...fields }),
  error: (message, fields = {}) =>
    built === undefined ? writePlain('ERROR', message, fields) : built.error(message, { ...fields }),
};
