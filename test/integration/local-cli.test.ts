import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIdp } from '../../infra/local/local-idp.ts';
import { type StackInfo, writeStackFile } from '../../infra/local/stack-file.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN_CLI = join(ROOT, 'infra', 'local', 'token-cli.ts');
/** tsx's loader by path: the tools run from another working folder, where `--import tsx` finds nothing. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Runs a command-line tool as `npm run` does (Node, from another working folder); its exit and output. */
function run(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, DATA_DIR: '', PORT: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The pid of a process that has ended. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  return new Promise<number>((resolve) => child.on('close', () => resolve(child.pid ?? 0)));
}

describe('the command-line tools find the running stack from what npm start wrote', () => {
  let stack: TestStack;
  let cwd: string;
  let info: StackInfo;

  beforeAll(async () => {
    stack = await startTestStack({ demoData: false });
    cwd = await mkdtemp(join(tmpdir(), 'claims-cli-'));
    info = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir: stack.dataDir,
      ports: {
        api: Number(new URL(stack.runtime.apiUrl).port),
        sfn: Number(new URL(stack.runtime.sfnUrl).port),
        dynamodb: Number(new URL(stack.runtime.dynamoEndpoint).port),
      },
      apiUrl: stack.runtime.apiUrl,
      sfnUrl: stack.runtime.sfnUrl,
      dynamoEndpoint: stack.runtime.dynamoEndpoint,
      stateMachineArn: stack.runtime.stateMachineArn,
      tables: stack.runtime.tables,
      outboxDir: stack.runtime.outboxDir,
      signingKeyId: (await localIdp(stack.dataDir)).keyId,
    };
    // As npm start does, run from `cwd`: the stack file in its data folder, the pointer in cwd/.data.
    await writeStackFile(info, cwd);
  });
  afterAll(async () => {
    await stack.close();
    await rm(cwd, { recursive: true, force: true });
  });

  const accepted = async (token: string) =>
    (
      await fetch(`${stack.runtime.apiUrl}/programs`, {
        headers: { authorization: `Bearer ${token.trim()}` },
      })
    ).status;

  it('signs a token the running API accepts, with the stack’s own key, found by --data-dir or from the list of stacks', async () => {
    // Act
    const named = await run([TOKEN_CLI, '--role', 'admin', '--data-dir', stack.dataDir], cwd);
    const latest = await run([TOKEN_CLI, '--role', 'staff', '--unit', 'BJ-HD'], cwd);
    // Assess
    expect(named).toMatchObject({ code: 0, err: '' });
    expect(latest).toMatchObject({ code: 0, err: '' });
    expect(await accepted(named.out)).toBe(200);
    expect(await accepted(latest.out)).toBe(200);
  });

  it('says there is no running stack in a data folder without one, exits 2, and makes no key there', async () => {
    // Prepare
    const empty = join(cwd, 'elsewhere');
    await mkdir(empty);
    // Act
    const res = await run([TOKEN_CLI, '--role', 'admin', '--data-dir', empty], cwd);
    // Assess
    expect(res.code).toBe(2);
    expect(res.out).toBe('');
    expect(res.err).toContain(`no local stack runs on ${empty}`);
    expect(await readdir(empty)).toEqual([]);
  });

  it('takes the running stack started last: a later stack that has ended is passed over', async () => {
    // Prepare: a stack started after this one, whose process has ended since (killed, never stopped).
    const later = join(cwd, 'later');
    await mkdir(later);
    await writeStackFile({ ...info, dataDir: later, pid: await endedPid(), signingKeyId: 'gone' }, cwd);
    // Act
    const res = await run([TOKEN_CLI, '--role', 'admin'], cwd);
    // Assess
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(await accepted(res.out)).toBe(200);
  });

  it('says a stack has ended when its process is gone', async () => {
    // Prepare: a stack file whose process has ended.
    const ended = join(cwd, 'ended');
    await mkdir(ended);
    await writeFile(
      join(ended, 'stack.json'),
      JSON.stringify({ ...info, dataDir: ended, pid: await endedPid() }),
    );
    // Act
    const res = await run([TOKEN_CLI, '--role', 'admin', '--data-dir', ended], cwd);
    // Assess
    expect(res.code).toBe(2);
    expect(res.err).toContain('is not running');
  });

  it('refuses a key the running API does not accept (another data folder pointing at this stack’s port)', async () => {
    // Prepare: another folder with its own key, its stack file naming this stack's API.
    const other = join(cwd, 'other');
    const otherKey = (await localIdp(other)).keyId;
    await writeFile(
      join(other, 'stack.json'),
      JSON.stringify({ ...info, dataDir: other, signingKeyId: otherKey }),
    );
    // Act
    const res = await run([TOKEN_CLI, '--role', 'admin', '--data-dir', other], cwd);
    const wrongPort = await run([TOKEN_CLI, '--role', 'admin', '--port', String(info.ports.sfn)], cwd);
    // Assess
    expect(res.code).toBe(2);
    expect(res.out).toBe('');
    expect(res.err).toContain('does not accept the key');
    expect(wrongPort.code).toBe(2);
    expect(wrongPort.err).toContain('is not the local API of npm start');
  });

  it('a DynamoDB tool (verify-audit) reads the stack file too, and exits 2 without a running stack', async () => {
    const tool = join(ROOT, 'infra', 'local', 'verify-audit-cli.ts');
    const found = await run(['--import', TSX, tool], cwd);
    const none = await run(['--import', TSX, tool, '--data-dir', join(cwd, 'elsewhere')], cwd);
    expect(found).toMatchObject({ code: 0, err: '' });
    expect(found.out).toContain('0 chains verified, 0 broken');
    expect(none.code).toBe(2);
    expect(none.err).toContain('no local stack runs on');
  });
});
