import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
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

/** The hosted UI's base URL of a Cognito domain prefix, known before the domain exists. */
export function cognitoDomainUrl(scope: Construct, domainPrefix: string): string {
  const stack = Stack.of(scope);
  return `https://${domainPrefix}.auth.${stack.region}.amazoncognito.com`;
}

export interface MemberIdentityProps {
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** The staff console's URL (`https://…/console/`): its callback and sign-out pages are the client's only. */
  readonly consoleUrl: string;
  /** Consoles run by developers against this pool (`http://localhost:3000/console/`). */
  readonly devConsoleUrls?: readonly string[];
}

/**
 * Who may call the API: a Cognito user pool with a group per role and the member/unit custom attributes
 * the handlers read from the token, its hosted UI, and the app client "pwa" of the staff console: the
 * authorization code grant with PKCE only (a public client, no secret), back to the console's pages only.
 */
export class MemberIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: MemberIdentityProps) {
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

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });

    const consoles = [props.consoleUrl, ...(props.devConsoleUrls ?? [])];
    this.client = this.userPool.addClient('PwaClient', {
      userPoolClientName: 'pwa',
      // A public client: the browser keeps no secret; PKCE proves the code is the console's own.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: consoles.map((url) => `${url}callback`),
        logoutUrls: consoles.map((url) => `${url}signed-out`),
      },
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
