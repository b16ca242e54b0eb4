import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureConsoleBuilt } from './console-build.ts';
import { type FaultSpec, parseFaults } from './faults.ts';
import { localIdp } from './local-idp.ts';
import { DEMO_MEMBER_ID, startRuntime } from './runtime.ts';
import { removeStackFile, writeStackFile } from './stack-file.ts';

const usage = `npm start [-- options]
  --data-dir DIR        where DynamoDB Local, executions, the outbox and the local signing key live (.data)
  --port N              HTTP API port (3000)
  --sfn-port N          Step Functions endpoint port (8083)
  --dynamodb-port N     DynamoDB Local port (8000)
  --host ADDR           address to bind (127.0.0.1)
  --no-demo-data        start with an empty registry
  --faults SPEC         inject faults, e.g. dynamodb=0.05,handler=0.05,timeout=0.02,seed=7 (or FAULTS);
                        also only=payout+markFailed (those functions only), hang=MS (a timeout's wait)`;

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'sfn-port': { type: 'string' },
    'dynamodb-port': { type: 'string' },
    host: { type: 'string' },
    'no-demo-data': { type: 'boolean' },
    faults: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help === true) {
  console.log(usage);
  process.exit(0);
}

function port(flag: string | undefined, env: string | undefined, fallback: number): number {
  const text = flag ?? env;
  if (text === undefined) return fallback;
  const value = Number.parseInt(text, 10);
  if (!(value > 0 && value < 65536)) {
    console.error(`not a port: ${text}\n\n${usage}`);
    process.exit(2);
  }
  return value;
}

let faults: FaultSpec | undefined;
try {
  const text = values.faults ?? process.env.FAULTS;
  faults = text === undefined || text === '' ? undefined : parseFaults(text);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}

const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

// A runtime whose parent was killed with kill -9 keeps running as an orphan; end it before starting.
await mkdir(dataDir, { recursive: true });
const pidFile = join(dataDir, 'runtime.pid');
const previous = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
if (previous > 0 && previous !== process.pid) {
  const cmdline = await readFile(`/proc/${previous}/cmdline`, 'utf8').catch(() => '');
  if (cmdline.includes('infra/local/main.ts')) {
    log(`stopping an earlier runtime (pid ${previous}) still using ${dataDir}`);
    process.kill(previous, 'SIGTERM');
    for (
      let i = 0;
      i < 100 && (await readFile(`/proc/${previous}/cmdline`, 'utf8').catch(() => '')) !== '';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
await writeFile(pidFile, String(process.pid));

const ports = {
  api: port(values.port, process.env.PORT, 3000),
  sfn: port(values['sfn-port'], process.env.SFN_PORT, 8083),
  dynamodb: port(values['dynamodb-port'], process.env.DYNAMODB_PORT, 8000),
};
// The staff console, built when missing or older than its sources.
const consoleDir = await ensureConsoleBuilt(log).catch((error: unknown) => {
  console.error(`could not build the console: ${(error as Error).message}`);
  process.exit(1);
});
const runtime = await startRuntime({
  consoleDir,
  dataDir,
  host: values.host ?? process.env.HOST ?? '127.0.0.1',
  apiPort: ports.api,
  sfnPort: ports.sfn,
  dynamoPort: ports.dynamodb,
  demoData: values['no-demo-data'] !== true,
  scheduler: true,
  log,
  faults,
}).catch((error: unknown) => {
  console.error(`could not start: ${(error as Error).message}`);
  process.exit(1);
});

// Where this stack runs, for the command-line tools (npm run token, import-members, export, ...).
await writeStackFile({
  pid: process.pid,
  startedAt: new Date().toISOString(),
  dataDir,
  ports,
  apiUrl: runtime.apiUrl,
  sfnUrl: runtime.sfnUrl,
  dynamoEndpoint: runtime.dynamoEndpoint,
  stateMachineArn: runtime.stateMachineArn,
  tables: runtime.tables,
  outboxDir: runtime.outboxDir,
  signingKeyId: (await localIdp(dataDir)).keyId,
});

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping (open claims continue on the next start)`);
  await runtime.stop();
  removeStackFile(dataDir);
  await rm(pidFile, { force: true });
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// If whoever started us dies (npm killed with kill -9), do not linger holding the ports.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop('parent process ended');
}, 500).unref();

console.log(`
Union benefit claims, running locally
  HTTP API          ${runtime.apiUrl}
  Staff console     ${runtime.apiUrl}/console/   (sign in as a demo staff member, approver, auditor or admin)
  Step Functions    ${runtime.sfnUrl}   (state machine ${runtime.stateMachineArn})
  DynamoDB Local    ${runtime.dynamoEndpoint}   (tables ${Object.values(runtime.tables).join(', ')})
  Outbox            ${relative(process.cwd(), runtime.outboxDir) || '.'}
A token for the demo member:  npm run -s token -- --role member --member ${DEMO_MEMBER_ID}
Ctrl-C stops everything.
`);
