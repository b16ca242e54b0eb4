import { invocationKeys } from './context.ts';

/**
 * Keys whose values are personal data (DESIGN: identity numbers, bank accounts, contacts, names):
 * whatever code logs them by mistake, the line carries `[redacted]` instead.
 */
const PERSONAL = new Set([
  'idnumber',
  'mobile',
  'phone',
  'accountnumber',
  'accountname',
  'account',
  'payee',
  'payeename',
  'membername',
  'fullname',
  'holdername',
  'email',
]);

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      PERSONAL.has(key.toLowerCase()) ? '[redacted]' : redact(v, depth + 1),
    ]),
  );
}

/** What a line is made of before it is formatted (Powertools' unformatted attributes, trimmed to ours). */
export interface LineAttributes {
  readonly level: string;
  readonly message: string;
  readonly timestamp: string;
  readonly service: string;
  readonly xrayTraceId?: string;
  readonly lambdaContext?: { functionName?: string; awsRequestId?: string; coldStart?: boolean };
}

/**
 * The structured line of every function: level, message, time, service, then the invocation's keys
 * (function, request id, cold start, claim id, execution ARN), in this order; what the call added comes
 * after them, personal keys redacted (`redact`). The Powertools formatter (`claims-log-formatter.ts`) and
 * the plain line written before it is loaded (`logger.ts`) both build their lines with it.
 */
export function lineHead(attributes: LineAttributes): Record<string, unknown> {
  const invocation = invocationKeys();
  return {
    level: attributes.level,
    message: attributes.message,
    timestamp: attributes.timestamp,
    service: attributes.service,
    function_name: invocation.function_name ?? attributes.lambdaContext?.functionName,
    function_request_id: invocation.function_request_id ?? attributes.lambdaContext?.awsRequestId,
    cold_start: invocation.cold_start ?? attributes.lambdaContext?.coldStart,
    claimId: invocation.claimId,
    executionArn: invocation.executionArn,
    xray_trace_id: attributes.xrayTraceId,
  };
}

const BASE = new Set(['level', 'message', 'timestamp', 'service', 'function_name', 'function_request_id']);

/** One structured line as a terminal reader wants it: `12:00:01.234 WARN  submit-claim C1 message {rest}`. */
export function prettyLine(json: string): string {
  let item: Record<string, unknown>;
  try {
    item = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = String(item.timestamp ?? '').slice(11, 23);
  const level = String(item.level ?? '').padEnd(5);
  const where = [item.function_name, item.claimId].filter((v) => v !== undefined).join(' ');
  const rest = Object.fromEntries(
    Object.entries(item).filter(([key, value]) => !BASE.has(key) && key !== 'claimId' && value !== undefined),
  );
  const tail = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${time} ${level} ${where}${where === '' ? '' : ' '}${String(item.message ?? '')}${tail}`;
}
