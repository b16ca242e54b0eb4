import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../infra/local/free-port.ts';
import { PROJECT_ROOT } from '../../infra/local/handlers.ts';
import { checkAnswersOf } from './contract.ts';

/** `npm start` starts Java and Node: on a busy machine that can take minutes (a safety net, not a race). */
export const START_MS = 240_000;

export interface StackPorts {
  readonly api: number;
  readonly sfn: number;
  readonly ddb: number;
}

/** The local stack as `npm start` runs it, in its own processes (npm, the runtime, DynamoDB Local's Java). */
export interface StackProcess {
  readonly child: ChildProcess;
  /** The last 20 000 characters the stack printed. */
  output(): string;
  /** kill -9 of the runtime without warning (what a crash leaves); resolves once it and npm are gone. */
  kill9(): Promise<void>;
  /** SIGTERM, as Ctrl-C sends it; resolves once npm has exited. */
  stop(): Promise<void>;
}

/** Three TCP ports free right now: the HTTP API, the Step Functions endpoint and DynamoDB Local. */
export async function freePorts(): Promise<StackPorts> {
  return { api: await freePort(), sfn: await freePort(), ddb: await freePort() };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until a killed or stopping process is gone (the test's limit is the safety net). */
export async function waitGone(pid: number): Promise<void> {
  while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * `npm start` as a newcomer runs it, on the given ports and data folder; resolves once the stack says
 * it is up. The crash suite and the end-to-end test both start the stack this way.
 */
export async function npmStart(dataDir: string, ports: StackPorts): Promise<StackProcess> {
  const child = spawn(
    'npm',
    [
      'start',
      '--',
      '--data-dir',
      dataDir,
      '--port',
      String(ports.api),
      '--sfn-port',
      String(ports.sfn),
      '--dynamodb-port',
      String(ports.ddb),
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + START_MS;
  while (!output.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Every answer of its API is checked against the OpenAPI document (test/support/contract.ts).
  checkAnswersOf(() => `http://127.0.0.1:${ports.api}`);
  checkAnswersOf(() => `http://localhost:${ports.api}`);
  return {
    child,
    output: () => output,
    kill9: async () => {
      // npm runs the runtime as its child: the runtime writes its own pid where it keeps its data.
      const runtimePid = Number.parseInt(await readFile(join(dataDir, 'runtime.pid'), 'utf8'), 10);
      process.kill(runtimePid, 'SIGKILL');
      await waitGone(runtimePid);
      await exited(child);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}
