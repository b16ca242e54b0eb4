export interface OutboundMessage {
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly links: readonly string[];
  /**
   * Names the message once for all attempts to send it (claim, purpose, level or round, recipient,
   * channel): a message whose key is recorded as sent is not sent again.
   */
  readonly idempotencyKey?: string;
}

/** E-mail and SMS (SES v2 and SNS in AWS, the outbox locally). */
export interface Notifier {
  send(message: OutboundMessage): Promise<void>;
}
