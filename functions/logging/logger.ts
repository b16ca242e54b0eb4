import { Logger } from '@aws-lambda-powertools/logger';
import { METRICS_SERVICE } from '../metrics/names.ts';
import { ClaimsLogFormatter, prettyLine } from './format.ts';

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

/**
 * The one logger of every function (Powertools Logger, service `union-claims`): JSON lines with the
 * invocation's claim id, execution ARN, request id and cold start (see `context.ts`, `middleware.ts`).
 * Its level comes from `POWERTOOLS_LOG_LEVEL` (INFO by default). Built when the first line is written,
 * not when the function is imported (a cold start's import does no logging work).
 */
function logger(): Logger {
  if (built !== undefined) return built;
  built = new Logger({ serviceName: METRICS_SERVICE, logFormatter: new ClaimsLogFormatter() });
  if (wantsPretty()) {
    // Powertools writes through its own Console on stdout/stderr; a terminal gets the same lines, shorter.
    (built as unknown as { console: Console }).console = prettyConsole();
  }
  return built;
}

/** What code outside the handler factories logs through: a message and its (non-personal) fields. */
export interface Log {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export const log: Log = {
  info: (message, fields = {}) => logger().info(message, { ...fields }),
  warn: (message, fields = {}) => logger().warn(message, { ...fields }),
  error: (message, fields = {}) => logger().error(message, { ...fields }),
};
