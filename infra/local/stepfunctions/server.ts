import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  DescribeExecutionInput,
  DescribeStateMachineForExecutionInput,
  DescribeStateMachineInput,
  GetExecutionHistoryInput,
  ListExecutionsInput,
  ListStateMachinesInput,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StopExecutionInput,
} from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from './engine.ts';
import { SfnError } from './errors.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

type Operation = (engine: LocalStepFunctions, body: unknown) => Promise<unknown>;

/** The operations served, by X-Amz-Target suffix. */
const OPERATIONS: Record<string, Operation> = {
  StartExecution: (e, b) => e.startExecution(b as StartExecutionInput),
  DescribeExecution: (e, b) => e.describeExecution(b as DescribeExecutionInput),
  ListExecutions: (e, b) => e.listExecutions(b as ListExecutionsInput),
  GetExecutionHistory: (e, b) => e.getExecutionHistory(b as GetExecutionHistoryInput),
  StopExecution: (e, b) => e.stopExecution(b as StopExecutionInput),
  SendTaskSuccess: (e, b) => e.sendTaskSuccess(b as SendTaskSuccessInput),
  SendTaskFailure: (e, b) => e.sendTaskFailure(b as SendTaskFailureInput),
  SendTaskHeartbeat: (e, b) => e.sendTaskHeartbeat(b as SendTaskHeartbeatInput),
  DescribeStateMachine: (e, b) => e.describeStateMachine(b as DescribeStateMachineInput),
  DescribeStateMachineForExecution: (e, b) =>
    e.describeStateMachineForExecution(b as DescribeStateMachineForExecutionInput),
  ListStateMachines: (e, b) => e.listStateMachines(b as ListStateMachinesInput),
};

/** The AWS JSON 1.0 wire form: Dates become epoch seconds (with milliseconds), undefined members vanish. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toWire(item);
    }
    return out;
  }
  return value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SfnError('SerializationException', `Request body exceeds ${MAX_BODY_BYTES} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: SfnError): void {
  res.setHeader('x-amzn-ErrorType', error.code);
  send(res, error.statusCode, { __type: error.code, message: error.message });
}

async function handle(
  engine: LocalStepFunctions,
  req: IncomingMessage,
  res: ServerResponse,
  log: (line: string) => void,
): Promise<void> {
  try {
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/')) {
      send(res, 200, { status: 'ok', stateMachineArn: engine.stateMachineArn });
      return;
    }
    if (req.method !== 'POST')
      throw new SfnError('UnknownOperationException', `Unsupported method ${req.method}`);
    const target = req.headers['x-amz-target'];
    const name =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
    const text = await readBody(req);
    if (!operation) throw new SfnError('UnknownOperationException', `Unknown operation ${String(target)}`);
    let body: unknown = {};
    if (text.trim().length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new SfnError('SerializationException', 'Malformed JSON in the request body');
      }
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new SfnError('SerializationException', 'The request body must be a JSON object');
    }
    send(res, 200, toWire(await operation(engine, body)));
  } catch (error) {
    if (error instanceof SfnError) {
      sendError(res, error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    log(`sfn: internal error: ${message}`);
    sendError(res, new SfnError('InternalFailure', message, 500));
  }
}

export interface SfnServer {
  /** e.g. http://127.0.0.1:8083 — the `endpoint` for SFNClient, `--endpoint-url` for the AWS CLI. */
  url: string;
  port: number;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

/** Serves the engine over HTTP with the AWS JSON 1.0 protocol of Step Functions (what @aws-sdk/client-sfn and
 *  `aws stepfunctions --endpoint-url` speak); signatures are not checked. Binds 127.0.0.1 unless told otherwise;
 *  port 0 picks a free one. */
export async function startSfnServer(
  engine: LocalStepFunctions,
  opts: { port: number; host?: string; log?: (line: string) => void },
): Promise<SfnServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const server = createServer((req, res) => void handle(engine, req, res, log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
