import { log as logger } from '../../logging/logger.ts';
import type { MessageLog } from '../../ports/message-log.ts';
import type { Notifier, OutboundMessage } from '../../ports/notifier.ts';

/**
 * Sends each message with an idempotency key at most once per recorded success: the intent is recorded
 * before the provider is called and marked sent right after, so a retry or a replay of the step skips a
 * message already sent. A message whose intent is recorded but not its sending (the process died between
 * the provider's answer and the record, or the provider failed) is sent again: at least once, because a
 * lost approval link or payout notice costs more than a second copy. SES and SNS take no idempotency
 * key, so in that one window a recipient can get a message twice. Messages without a key pass through.
 */
export class OnceNotifier implements Notifier {
  constructor(
    private readonly log: MessageLog,
    private readonly inner: Notifier,
    private readonly now: () => Date = () => new Date(),
    private readonly warn: (message: string, fields: Record<string, unknown>) => void = logger.warn,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    const key = message.idempotencyKey;
    if (key === undefined) {
      await this.inner.send(message);
      return;
    }
    const state = await this.log.begin(key, { channel: message.channel, at: this.now().toISOString() });
    if (state === 'sent') return;
    if (state === 'pending') {
      this.warn(
        'message tried again: an earlier attempt was never recorded as sent (it may have reached the recipient)',
        { idempotencyKey: key, channel: message.channel },
      );
    }
    await this.inner.send(message);
    await this.log.markSent(key, this.now().toISOString());
  }
}
