import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxWatch } from '../../../../bench/lib/outbox-watch.ts';

const CLAIM = `C${'0123456789ABCDEFGHJKMNPQRS'}`;
const OTHER = `C${'ZZZZZZZZZZZZZZZZZZZZZZZZZZ'}`;

/** Writes a message as the outbox notifier does: a hidden temporary file, then renamed. */
async function send(dir: string, name: string, text: string, channel: 'email' | 'sms' = 'email') {
  const body = JSON.stringify({
    channel,
    to: 'a@b.example',
    subject: 's',
    text,
    links: [`http://x/a/${name}`],
  });
  await writeFile(join(dir, `.${name}.json.tmp`), body);
  await rename(join(dir, `.${name}.json.tmp`), join(dir, `${name}.json`));
}

describe('bench outbox watch', () => {
  let dir: string;
  let watch: OutboxWatch;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-watch-'));
    watch = new OutboxWatch(dir);
  });
  afterEach(async () => {
    watch.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands a waiter the first matching message about its claim once it is sent', async () => {
    const level2 = watch.next(CLAIM, (m) => m.text.includes('Approval level 2 of'));
    await send(dir, 'm1', `claim ${CLAIM}. Approval level 1 of 2.`);
    await send(dir, 'm2', `claim ${OTHER}. Approval level 2 of 2.`);
    await send(dir, 'm3', `claim ${CLAIM}. Approval level 2 of 2.`);
    expect((await level2).links).toEqual(['http://x/a/m3']);
  });

  it('answers at once from what it has read, and settle() reads every message once', async () => {
    await send(dir, 'm1', `claim ${CLAIM}. Approval level 1 of 1.`);
    await send(dir, 'm2', `SMS for ${CLAIM}`, 'sms');
    await watch.settle();
    await watch.settle();
    expect(watch.messages.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect((await watch.next(CLAIM, (m) => m.channel === 'sms')).text).toBe(`SMS for ${CLAIM}`);
  });

  it('gives up after its timeout', async () => {
    await expect(watch.next(CLAIM, () => true, 50)).rejects.toThrow(`no outbox message for ${CLAIM}`);
  });
});
