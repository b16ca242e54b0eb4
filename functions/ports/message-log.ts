/**
 * The record of each outbound message by its idempotency key: the intent is written before the message
 * goes to the provider, and marked sent after.
 */
export type MessageState = 'new' | 'pending' | 'sent';

export interface MessageLog {
  /**
   * Records the intent to send the message of `key` unless a record exists, and says what it found:
   * `new` (recorded now), `pending` (an earlier attempt recorded its intent and never marked it sent:
   * the provider may or may not have it) or `sent`.
   */
  begin(key: string, entry: { channel: 'email' | 'sms'; at: string }): Promise<MessageState>;
  /** The provider accepted the message of `key`. */
  markSent(key: string, at: string): Promise<void>;
}
