import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier, OutboundMessage } from '../../ports/notifier.ts';
import { emailHtml } from './email-html.ts';

/** E-mail through SES v2, SMS through SNS. */
export class AwsNotifier implements Notifier {
  constructor(
    private readonly ses: SESv2Client,
    private readonly sns: SNSClient,
    private readonly fromAddress: string,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    if (message.channel === 'sms') {
      await this.sns.send(
        new PublishCommand({
          PhoneNumber: message.to.startsWith('+') ? message.to : `+86${message.to}`,
          Message: message.text,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
      return;
    }
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html ?? emailHtml(message.text, message.links), Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
  }
}
