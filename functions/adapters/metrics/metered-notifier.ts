import { CLAIM_METRICS } from '../../metrics/names.ts';
import type { MetricSink } from '../../ports/metrics.ts';
import type { Notifier, OutboundMessage } from '../../ports/notifier.ts';

const SENT = { sms: CLAIM_METRICS.smsSent, email: CLAIM_METRICS.emailSent } as const;
const FAILED = { sms: CLAIM_METRICS.smsFailed, email: CLAIM_METRICS.emailFailed } as const;

/** The provider (SES, SNS, the outbox), counting each message it took and each it refused, by channel. */
export class MeteredNotifier implements Notifier {
  constructor(
    private readonly inner: Notifier,
    private readonly sink: MetricSink,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    try {
      await this.inner.send(message);
    } catch (error) {
      this.sink.emit({ name: FAILED[message.channel], unit: 'Count', value: 1 });
      throw error;
    }
    this.sink.emit({ name: SENT[message.channel], unit: 'Count', value: 1 });
  }
}
