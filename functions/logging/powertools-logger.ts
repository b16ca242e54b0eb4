import { Logger } from '@aws-lambda-powertools/logger';
import { METRICS_SERVICE } from '../metrics/names.ts';
import { ClaimsLogFormatter } from './claims-log-formatter.ts';

/**
 * The one logger of every function (Powertools Logger, service `union-claims`, our line format). Its
 * level comes from `POWERTOOLS_LOG_LEVEL` (INFO by default). `console`, when given, replaces the Console
 * Powertools writes through (a terminal's pretty lines).
 */
export function powertoolsLogger(console?: Console): Logger {
  const logger = new Logger({ serviceName: METRICS_SERVICE, logFormatter: new ClaimsLogFormatter() });
  if (console !== undefined) (logger as unknown as { console: Console }).console = console;
  return logger;
}
