import { Aws, Stack } from 'aws-cdk-lib';
import { Effect, type IRole, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.ts';
import { acknowledge } from './nag.ts';

export interface NotificationsProps {
  /** The verified SES sender, e.g. `no-reply@union.example`. */
  readonly sesFromAddress: string;
}

interface Notifier {
  readonly role?: IRole;
  addEnvironment(key: string, value: string): unknown;
}

/**
 * E-mail through SES (only as the configured sender) and SMS through SNS (direct to phone numbers only,
 * never to topics). One policy, attached to every function that notifies.
 */
export class Notifications extends Construct {
  readonly sesFromAddress: string;
  readonly policy: Policy;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const domain = props.sesFromAddress.split('@')[1];
    if (domain === undefined || domain === '') {
      throw new Error(`sesFromAddress must be an e-mail address, got "${props.sesFromAddress}"`);
    }
    this.sesFromAddress = props.sesFromAddress;
    const stack = Stack.of(this);
    // SES authorizes a send against the address identity if it is verified, otherwise the domain identity.
    const identityArns = [props.sesFromAddress, domain].map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );

    this.policy = new Policy(this, 'SendPolicy', {
      statements: [
        new PolicyStatement({
          sid: 'SendEmailAsTheFederation',
          actions: ['ses:SendEmail'],
          resources: identityArns,
          conditions: { StringEquals: { 'ses:FromAddress': props.sesFromAddress } },
        }),
        new PolicyStatement({ sid: 'SendSmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
        new PolicyStatement({
          sid: 'NeverPublishToTopicsOrEndpoints',
          effect: Effect.DENY,
          actions: ['sns:Publish'],
          resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
        }),
      ],
    });
    acknowledge(this.policy, {
      rule: 'IAM5',
      finding: 'Resource::*',
      reason:
        'sns:Publish straight to a phone number (SMS) has no resource ARN, so IAM needs Resource "*"; a Deny ' +
        'statement in the same policy removes publishing to any SNS topic or platform endpoint.',
    });
  }

  /** Sets NOTIFY_MODE=aws and SES_FROM_ADDRESS and attaches the send policy to the function's role. */
  allow(fn: Notifier): void {
    if (fn.role === undefined) throw new Error('a notifying function needs a role');
    fn.addEnvironment(ENV.notifyMode, 'aws');
    fn.addEnvironment(ENV.sesFromAddress, this.sesFromAddress);
    this.policy.attachToRole(fn.role);
  }
}
