import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoMessageLog } from '../adapters/dynamodb/message-log.ts';
import { EmfMetrics } from '../adapters/metrics/emf-metrics.ts';
import { MeteredNotifier } from '../adapters/metrics/metered-notifier.ts';
import { AwsNotifier } from '../adapters/notify/aws-notifier.ts';
import { OnceNotifier } from '../adapters/notify/once-notifier.ts';
import { OutboxNotifier } from '../adapters/notify/outbox-notifier.ts';
import { ENV, requireEnv } from '../config.ts';
import type { Notifier } from '../ports/notifier.ts';
import { traced } from '../tracing/tracer.ts';

async function notifierFromEnv(): Promise<Notifier> {
  const mode = process.env[ENV.notifyMode] ?? 'aws';
  if (mode === 'outbox') {
    const echo = process.env[ENV.outboxEcho] === '0' ? () => undefined : undefined;
    return new OutboxNotifier(requireEnv(ENV.outboxDir), echo);
  }
  const [ses, sns] = await Promise.all([traced(new SESv2Client({})), traced(new SNSClient({}))]);
  return new AwsNotifier(ses, sns, requireEnv(ENV.sesFromAddress));
}

/**
 * The notifier: each keyed message is recorded before and after it goes to the provider (OnceNotifier);
 * the provider's sends and refusals are counted (SmsSent, EmailFailed …).
 */
export async function buildNotifier(doc: DynamoDBDocumentClient, claimsTable: string): Promise<Notifier> {
  return new OnceNotifier(
    new DynamoMessageLog(doc, claimsTable),
    new MeteredNotifier(await notifierFromEnv(), new EmfMetrics()),
  );
}
