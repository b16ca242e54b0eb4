/**
 * Where the running local stack is: `npm start` writes `stack.json` into its data folder (ports, URLs,
 * tables, the id of the signing key) and, in the default `.data/`, a pointer to the stack started last;
 * every command-line tool reads it, with the flags of `npm start` to say which stack. Plain TypeScript
 * with node built-ins only (type stripping runs it without a loader), so a tool starts fast.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const STACK_FILE = 'stack.json';
/** In the default data folder: the data folders of the stacks started from here, the latest last. */
export const STACKS_FILE = 'stacks.json';
export const DEFAULT_DATA_DIR = '.data';

export interface StackInfo {
  readonly pid: number;
  readonly startedAt: string;
  /** Absolute. */
  readonly dataDir: string;
  readonly ports: { readonly api: number; readonly sfn: number; readonly dynamodb: number };
  readonly apiUrl: string;
  readonly sfnUrl: string;
  readonly dynamoEndpoint: string;
  readonly stateMachineArn: string;
  readonly tables: { readonly claims: string; readonly registry: string };
  readonly outboxDir: string;
  /** `kid` of the local IdP's signing key: a token signed with another key gets 401. */
  readonly signingKeyId: string;
}

/** The options of `npm start` that name a stack; every tool takes them. */
export const STACK_OPTIONS = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  'sfn-port': { type: 'string' },
  'dynamodb-port': { type: 'string' },
} as const;

export const STACK_USAGE = `Which stack (by default the running one npm start started last, as listed in .data/${STACKS_FILE}):
  --data-dir DIR        the stack of that data folder (or DATA_DIR), as given to npm start
  --port N              its HTTP API port (or PORT), if not the one it wrote
  --sfn-port N          its Step Functions endpoint port (or SFN_PORT)
  --dynamodb-port N     its DynamoDB Local port (or DYNAMODB_PORT)`;

/** No running stack where the tool looked, or one it cannot use: the message says which and what to do. */
export class StackError extends Error {
  override readonly name = 'StackError';
}

interface StackList {
  readonly stacks: readonly { readonly dataDir: string; readonly startedAt: string }[];
}

function stacksFile(cwd: string): string {
  return join(resolve(cwd, DEFAULT_DATA_DIR), STACKS_FILE);
}

function listed(cwd: string): StackList['stacks'] {
  const list = readJson<StackList>(stacksFile(cwd));
  return Array.isArray(list?.stacks) ? list.stacks.filter((s) => typeof s?.dataDir === 'string') : [];
}

/** The stack of a data folder if it is still running. */
function runningStack(dataDir: string): StackInfo | null {
  const info = readJson<StackInfo>(join(dataDir, STACK_FILE));
  return info !== null && running(info.pid) ? info : null;
}

/** Writes `DIR/stack.json` and lists DIR, last, in `.data/stacks.json` (dropping stacks that ended). */
export async function writeStackFile(info: StackInfo, cwd = process.cwd()): Promise<void> {
  await writeFile(join(info.dataDir, STACK_FILE), `${JSON.stringify(info, null, 2)}\n`);
  const stacks = [
    ...listed(cwd).filter((s) => s.dataDir !== info.dataDir && runningStack(s.dataDir) !== null),
    { dataDir: info.dataDir, startedAt: info.startedAt },
  ];
  await mkdir(resolve(cwd, DEFAULT_DATA_DIR), { recursive: true });
  await writeFile(stacksFile(cwd), `${JSON.stringify({ stacks }, null, 2)}\n`);
}

/** Removes what {@link writeStackFile} wrote, when the stack stops; the other stacks stay listed. */
export function removeStackFile(dataDir: string, cwd = process.cwd()): void {
  rmSync(join(dataDir, STACK_FILE), { force: true });
  const stacks = listed(cwd).filter((s) => s.dataDir !== dataDir);
  if (stacks.length === 0) rmSync(stacksFile(cwd), { force: true });
  else writeFileSync(stacksFile(cwd), `${JSON.stringify({ stacks }, null, 2)}\n`);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Is the process alive? (A reused pid is caught by the next check: its API or tables do not answer.) */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function port(text: string | undefined, flag: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!(Number.isInteger(value) && value > 0 && value < 65536))
    throw new StackError(`--${flag}: not a port: ${text}`);
  return value;
}

function withPort(url: string, value: number | undefined): string {
  if (value === undefined) return url;
  const u = new URL(url);
  u.port = String(value);
  return u.origin;
}

/**
 * The running stack a tool works on: `--data-dir` (or DATA_DIR) names its data folder, else the stack
 * started last; ports given as flags (or PORT, SFN_PORT, DYNAMODB_PORT) replace those it wrote. Throws
 * {@link StackError} when no stack runs there.
 */
export function findStack(
  flags: { 'data-dir'?: string; port?: string; 'sfn-port'?: string; 'dynamodb-port'?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): StackInfo {
  const named = flags['data-dir'] ?? (env.DATA_DIR === '' ? undefined : env.DATA_DIR);
  let dataDir: string;
  if (named !== undefined) {
    dataDir = resolve(cwd, named);
  } else {
    // The running stack started last; else the default folder's (to say it is not running).
    const latest = [...listed(cwd)].reverse().find((s) => runningStack(s.dataDir) !== null);
    dataDir = latest?.dataDir ?? resolve(cwd, DEFAULT_DATA_DIR);
  }
  const info = readJson<StackInfo>(join(dataDir, STACK_FILE));
  const start = named === undefined ? 'npm start' : `npm start -- --data-dir ${named}`;
  if (info === null) {
    throw new StackError(
      `no local stack runs on ${dataDir} (no ${STACK_FILE} there): start it with ${start}`,
    );
  }
  if (!running(info.pid)) {
    throw new StackError(
      `the local stack of ${dataDir} is not running (pid ${info.pid} has ended): start it with ${start}`,
    );
  }
  const api = port(flags.port ?? env.PORT, 'port');
  const sfn = port(flags['sfn-port'] ?? env.SFN_PORT, 'sfn-port');
  const dynamodb = port(flags['dynamodb-port'] ?? env.DYNAMODB_PORT, 'dynamodb-port');
  return {
    ...info,
    ports: {
      api: api ?? info.ports.api,
      sfn: sfn ?? info.ports.sfn,
      dynamodb: dynamodb ?? info.ports.dynamodb,
    },
    apiUrl: withPort(info.apiUrl, api),
    sfnUrl: withPort(info.sfnUrl, sfn),
    dynamoEndpoint: withPort(info.dynamoEndpoint, dynamodb),
  };
}

/**
 * The signing key of the stack's local IdP, read and never made: a missing key, or one other than the
 * stack started with, is a {@link StackError} (its tokens would get 401).
 */
export function stackSigningKey(stack: StackInfo): Record<string, unknown> {
  const file = join(stack.dataDir, 'local-idp', 'signing-key.json');
  const jwk = readJson<Record<string, unknown>>(file);
  if (jwk === null)
    throw new StackError(`no signing key at ${file}: is ${stack.dataDir} the data folder of npm start?`);
  if (jwk.kid !== stack.signingKeyId) {
    throw new StackError(
      `the signing key at ${file} (${String(jwk.kid)}) is not the one the stack started with (${stack.signingKeyId}): restart it with npm start`,
    );
  }
  return jwk;
}

/** Prints a StackError's message and exits 2; anything else is thrown on. */
export function exitOnStackError(error: unknown): never {
  if (error instanceof StackError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

/** {@link findStack}, or its message on stderr and exit status 2. */
export function stackOrExit(
  flags: Parameters<typeof findStack>[0],
  env: Readonly<Record<string, string | undefined>> = process.env,
): StackInfo {
  try {
    return findStack(flags, env);
  } catch (error) {
    return exitOnStackError(error);
  }
}
