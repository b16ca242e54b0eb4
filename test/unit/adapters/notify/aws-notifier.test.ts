import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsNotifier } from '../../../../functions/adapters/notify/aws-notifier.ts';
import { emailHtml } from '../../../../functions/adapters/notify/email-html.ts';
import { newLinkId } from '../../../../functions/domain/ids.ts';
import { approvalMessages } from '../../../../functions/usecases/approval-messages.ts';
import { aClaim, rulesPassed } from '../../../fixtures/claims.ts';

const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);

const claim = aClaim({
  claimId: 'C01KZ0000000000000000000009',
  program: 'accident-protection',
  benefit: 'death',
  rules: rulesPassed(20000_00),
  approvalChain: [
    { level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' },
    { level: 2, tier: 'district', unitCode: 'BJ-HD' },
    { level: 3, tier: 'city', unitCode: 'BJ' },
  ],
});
const approver = {
  approverId: 'A-BJ-HD-1',
  unitCode: 'BJ-HD',
  name: '王芳',
  email: 'wang.fang@bj-hd.union.example',
  mobile: '13800138000',
  memberId: null,
};

describe('notifications', () => {
  describe('approvalMessages', () => {
    it('puts a link that fits an SMS (under 60 characters with a short host) in both messages', () => {
      const url = `https://u.bjzgh.cn/a/${newLinkId()}`;
      expect(url.length).toBeLessThan(60);
      const [email, sms] = approvalMessages(claim, approver, url, '2026-12-01T00:00:00.000Z', 2);
      expect(email?.text).toContain(url);
      expect(email?.text).toContain('Approval level 2 of 3');
      expect(sms?.channel).toBe('sms');
      expect(sms?.text).toContain(url);
      expect(sms?.text.length).toBeLessThan(70);
    });
  });

  describe('AwsNotifier', () => {
    beforeEach(() => {
      ses.reset();
      sns.reset();
      ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
      sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    });

    it('sends e-mail through SES v2 with a text and an HTML part, the link clickable', async () => {
      const notifier = new AwsNotifier(
        new SESv2Client({ region: 'cn-north-1' }),
        new SNSClient({ region: 'cn-north-1' }),
        'noreply@union.example',
      );
      const url = 'https://u.bjzgh.cn/a/Ab3dEf6hIj9kLm2n';
      await notifier.send({
        channel: 'email',
        to: 'a@union.example',
        subject: 's',
        text: `请审批 <b>：${url}`,
        links: [url],
      });
      const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
      expect(input?.Content?.Simple?.Body?.Text?.Data).toBe(`请审批 <b>：${url}`);
      expect(input?.Content?.Simple?.Body?.Html?.Data).toContain(`<a href="${url}"`);
      expect(input?.Content?.Simple?.Body?.Html?.Data).toContain('请审批 &#60;b&#62;');
    });

    it('sends SMS through SNS as transactional, with the +86 prefix', async () => {
      const notifier = new AwsNotifier(
        new SESv2Client({ region: 'cn-north-1' }),
        new SNSClient({ region: 'cn-north-1' }),
        'noreply@union.example',
      );
      await notifier.send({ channel: 'sms', to: '13800138000', subject: 's', text: 't', links: [] });
      const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
      expect(input?.PhoneNumber).toBe('+8613800138000');
      expect(input?.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    });
  });

  describe('emailHtml', () => {
    it('keeps paragraphs and line breaks and escapes the text', () => {
      expect(emailHtml('a\nb\n\nc & d', [])).toContain('<p>a<br>b</p>\n<p>c &#38; d</p>');
    });
  });
});
