import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIM_NAMES, ROLES } from '../../functions/domain/identity.ts';
import { acknowledge } from './nag.ts';
import { pascalCase } from './project.ts';

const CUSTOM_PREFIX = 'custom:';

/** `custom:member_id` → `member_id`: the attribute name Cognito is given. */
function customAttributeName(claimName: string): string {
  if (!claimName.startsWith(CUSTOM_PREFIX)) throw new Error(`${claimName} is not a custom attribute claim`);
  return claimName.slice(CUSTOM_PREFIX.length);
}

/**
 * Who may call the API: a Cognito user pool with a group per role and the member/unit custom attributes
 * the handlers read from the token, and the app client of the PWA.
 */
export class MemberIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const memberId = customAttributeName(CLAIM_NAMES.memberId);
    const unitCode = customAttributeName(CLAIM_NAMES.unitCode);
    const approverId = customAttributeName(CLAIM_NAMES.approverId);

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by union staff from the membership registry, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [memberId]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        [unitCode]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        [approverId]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      // Claims carry identity numbers and bank accounts: a second factor (TOTP) for everyone.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.userPool, {
      rule: 'COG8',
      reason:
        'Essentials tier by choice: self sign-up is off (staff create every account), MFA is required and ' +
        'passwords are strong; the Plus tier (threat protection) is billed per monthly active user, which a ' +
        'non-profit federation with many occasional members cannot justify. Set featurePlan PLUS to enable it.',
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`${pascalCase(role)}Group`, {
        groupName: role,
        description: `Role ${role} (${CLAIM_NAMES.groups})`,
      });
    }

    this.client = this.userPool.addClient('PwaClient', {
      userPoolClientName: 'pwa',
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(memberId, unitCode, approverId),
      // Users must never set their own member id, unit or approver id: only staff (admin API) write those.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });
  }
}
