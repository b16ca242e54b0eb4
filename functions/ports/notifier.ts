export interface OutboundMessage {
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly links: readonly string[];
}

/** E-mail and SMS (SES v2 and SNS in AWS, the outbox locally). */
export interface Notifier {
  send(message: OutboundMessage): Promise<void>;
}
