import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { lineHead, redact } from './format.ts';

/**
 * The structured line of every function as Powertools Logger writes it (see `lineHead`): level, message,
 * time, service, the invocation's keys, then what the call added, personal keys redacted.
 */
export class ClaimsLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: lineHead({
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        xrayTraceId: attributes.xRayTraceId,
        lambdaContext: attributes.lambdaContext,
      }),
    }).addAttributes(redact(additional) as LogAttributes);
  }
}
