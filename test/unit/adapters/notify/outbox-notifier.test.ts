import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxNotifier } from '../../../../functions/adapters/notify/outbox-notifier.ts';

const sms = (text: string) => ({
  channel: 'sms' as const,
  to: '+8613800000000',
  subject: '',
  text,
  links: [],
});

describe('OutboxNotifier', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  describe('send', () => {
    it('writes one JSON file a message, making the folder when it is missing (also after it was removed)', async () => {
      // Prepare
      root = await mkdtemp(join(tmpdir(), 'outbox-test-'));
      const dir = join(root, 'outbox');
      const notifier = new OutboxNotifier(dir, () => undefined);

      // Act
      await notifier.send(sms('first'));
      await rm(dir, { recursive: true });
      await notifier.send(sms('second'));
      await notifier.send(sms('third'));

      // Assess: the first went with the removed folder; the others are whole, and no temp file is left
      const files = await readdir(dir);
      expect(files).toHaveLength(2);
      expect(files.every((f) => /-sms-[0-9a-f]{8}\.json$/.test(f))).toBe(true);
      const texts = await Promise.all(
        files.map(async (f) => (JSON.parse(await readFile(join(dir, f), 'utf8')) as { text: string }).text),
      );
      expect(texts.sort()).toEqual(['second', 'third']);
    });
  });
});
