import { describe, expect, it } from 'vitest';
import { OnceNotifier } from '../../../../functions/adapters/notify/once-notifier.ts';
import type { MessageLog, MessageState } from '../../../../functions/ports/message-log.ts';
import type { Notifier, OutboundMessage } from '../../../../functions/ports/notifier.ts';

/** The message log's contract in memory: a conditional put of the intent, a mark once sent. */
class MemoryMessageLog implements MessageLog {
  readonly records = new Map<string, { state: 'PENDING' | 'SENT'; attempts: number }>();
  /** Throws once from markSent: the process dies after the provider accepted, before the record. */
  crashBeforeRecord = false;

  async begin(key: string): Promise<MessageState> {
    const found = this.records.get(key);
    if (found === undefined) {
      this.records.set(key, { state: 'PENDING', attempts: 1 });
      return 'new';
    }
    if (found.state === 'SENT') return 'sent';
    found.attempts++;
    return 'pending';
  }

  async markSent(key: string): Promise<void> {
    if (this.crashBeforeRecord) {
      this.crashBeforeRecord = false;
      throw new Error('process killed');
    }
    const found = this.records.get(key);
    if (found !== undefined) found.state = 'SENT';
  }
}

/** A provider that delivers, or fails before delivering when told to. */
class Provider implements Notifier {
  readonly delivered: OutboundMessage[] = [];
  failNext = false;

  async send(message: OutboundMessage): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('throttled');
    }
    this.delivered.push(message);
  }
}

const message = (key?: string): OutboundMessage => ({
  channel: 'sms',
  to: '13800138000',
  subject: 'claim paid',
  text: '【工会服务】已发放',
  links: [],
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

function setup() {
  const log = new MemoryMessageLog();
  const provider = new Provider();
  const warnings: string[] = [];
  const notifier = new OnceNotifier(log, provider, undefined, (message, fields) =>
    warnings.push(JSON.stringify({ message, ...fields })),
  );
  return { log, provider, warnings, notifier };
}

describe('OnceNotifier', () => {
  describe('send', () => {
    it('sends a message recorded as sent no second time (a retry or a replay of its step)', async () => {
      // Prepare
      const { log, provider, notifier } = setup();
      // Act
      await notifier.send(message('member:C1:paid:0:M1:sms'));
      await notifier.send(message('member:C1:paid:0:M1:sms'));
      // Assess
      expect(provider.delivered).toHaveLength(1);
      expect(log.records.get('member:C1:paid:0:M1:sms')).toEqual({ state: 'SENT', attempts: 1 });
    });

    it('sends again, once, and warns, when the process died between the provider and the record', async () => {
      // Prepare
      const { log, provider, warnings, notifier } = setup();
      log.crashBeforeRecord = true;
      // Act
      const crashed = notifier.send(message('k'));
      await expect(crashed).rejects.toThrow('process killed');
      await notifier.send(message('k'));
      await notifier.send(message('k'));
      // Assess: at least once; the second copy is the documented provider window
      expect(provider.delivered).toHaveLength(2);
      expect(log.records.get('k')).toEqual({ state: 'SENT', attempts: 2 });
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(String(warnings[0]))).toMatchObject({ idempotencyKey: 'k', channel: 'sms' });
    });

    it('sends a message the provider refused when it is tried again, and records it sent', async () => {
      // Prepare
      const { log, provider, notifier } = setup();
      provider.failNext = true;
      // Act
      await expect(notifier.send(message('k'))).rejects.toThrow('throttled');
      await notifier.send(message('k'));
      // Assess
      expect(provider.delivered).toHaveLength(1);
      expect(log.records.get('k')?.state).toBe('SENT');
    });

    it('records the intent before the provider is called', async () => {
      // Prepare
      const log = new MemoryMessageLog();
      const seen: (string | undefined)[] = [];
      const notifier = new OnceNotifier(log, {
        send: async () => {
          seen.push(log.records.get('k')?.state);
        },
      });
      // Act
      await notifier.send(message('k'));
      // Assess
      expect(seen).toEqual(['PENDING']);
    });

    it('passes a message without a key straight through, each time', async () => {
      // Prepare
      const { log, provider, notifier } = setup();
      // Act
      await notifier.send(message());
      await notifier.send(message());
      // Assess
      expect(provider.delivered).toHaveLength(2);
      expect(log.records.size).toBe(0);
    });
  });
});
