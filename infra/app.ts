import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ensureConsoleBuilt } from './local/console-build.ts';
import { UnionClaimsStack } from './stack.ts';

const DEFAULT_LINK_BASE_URL = 'https://u.union.example';
const DEFAULT_SES_FROM_ADDRESS = 'no-reply@union.example';

const app = new App();

function contextString(key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new Error(`context ${key} must be a non-empty string`);
  return value;
}

const linkBaseUrl = contextString('linkBaseUrl', DEFAULT_LINK_BASE_URL);
if (!URL.canParse(linkBaseUrl) || new URL(linkBaseUrl).protocol !== 'https:') {
  throw new Error(`context linkBaseUrl must be an https URL, got "${linkBaseUrl}"`);
}
const sesFromAddress = contextString('sesFromAddress', DEFAULT_SES_FROM_ADDRESS);
// Optional: the address the alarm topic e-mails (it confirms the subscription once).
const alarmEmail = contextString('alarmEmail', '') || undefined;
if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail)) {
  throw new Error(`context alarmEmail must be an e-mail address, got "${alarmEmail}"`);
}

// The staff console's files are part of the stack (uploaded by a BucketDeployment): built when missing or stale.
const consoleBuiltDir = await ensureConsoleBuilt();

// Environment-agnostic: deploys to the account and region of the credentials in use.
new UnionClaimsStack(app, 'UnionClaimsStack', {
  description: 'Union benefit claims: HTTP API, Step Functions Standard workflow, Lambda, DynamoDB, Cognito',
  linkBaseUrl,
  sesFromAddress,
  alarmEmail,
  cognitoDomainPrefix: contextString('cognitoDomainPrefix', '') || undefined,
  consoleBuiltDir,
});

// cdk-nag 3 runs as a CDK policy-validation plugin (not an Aspect): synth fails on any unacknowledged
// AwsSolutions finding, warnings included. Acknowledgements live next to their cause (infra/constructs/nag.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

app.synth();
