import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.ts';
import { KEY_PURPOSES, type KeyPurpose, keySecretName } from '../../functions/ports/keys.ts';
import type { ClaimFunction } from './claim-function.ts';
import { acknowledge } from './nag.ts';
import { pascalCase } from './project.ts';

const DESCRIPTIONS: Readonly<Record<KeyPurpose, string>> = {
  approvalForm: 'HMAC key of the approval pages form tokens (CSRF)',
  feedbackForm: 'HMAC key of the satisfaction pages form tokens (CSRF)',
  exportDownload: 'HMAC key of evaluation-export download links',
  documentLink: 'HMAC key of the local documents bucket upload forms and view links',
  exportSigning: 'Secret the Ed25519 key signing evaluation-export manifests is derived from',
  idNumberHash: 'HMAC key of ID-number hashes (member lookup)',
  payeeAccountHash: 'HMAC key of the payee hashes pinned in claims audit chains',
  linkId: 'HMAC key approval and satisfaction link ids are derived with from their stored seeds',
};

/**
 * Kept if the stack is deleted: without the ID-number hash key no member could be found by ID number
 * again, evaluators verify old exports with the public key derived from the signing secret, and the
 * payee hashes in claims' chains (checked before every payout line goes to the bank) are keyed with the
 * payee hash key.
 */
const RETAINED: ReadonlySet<KeyPurpose> = new Set(['idNumberHash', 'exportSigning', 'payeeAccountHash']);

/**
 * One key per purpose (functions/ports/keys.ts), generated at the first deploy and kept in Secrets
 * Manager under `<stack name>/keys/<purpose>`. A function reads its keys at runtime by that name: its
 * environment holds only the prefix, and its role may read exactly the secrets its definition names.
 */
export class AppSecrets extends Construct {
  readonly prefix: string;
  readonly byPurpose: Readonly<Record<KeyPurpose, Secret>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.prefix = `${Stack.of(this).stackName}/keys`;
    const secret = (purpose: KeyPurpose) =>
      new Secret(this, `${pascalCase(purpose)}Key`, {
        secretName: keySecretName(this.prefix, purpose),
        description: DESCRIPTIONS[purpose],
        removalPolicy: RETAINED.has(purpose) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
    this.byPurpose = Object.fromEntries(KEY_PURPOSES.map((p) => [p, secret(p)])) as Record<
      KeyPurpose,
      Secret
    >;
    acknowledge(this, {
      rule: 'SMG4',
      reason:
        'Rotating the ID-number hash key would orphan every stored hash (a rotation means re-hashing the registry, a planned migration); the payee hash key keys the payee hashes in the claims audit chains, which are never rewritten; rotating a form or download key invalidates every open page or link, and the export signing secret is what evaluators verify old exports against, so keys are rotated by hand, per purpose.',
    });
  }

  /** Gives a function the key prefix and leave to read exactly the keys its definition asks for. */
  bind(fn: ClaimFunction): void {
    const purposes = fn.def.secrets ?? [];
    if (purposes.length === 0) return;
    fn.addEnvironment(ENV.keyPrefix, this.prefix);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: purposes.map((purpose) => this.byPurpose[purpose].secretArn),
      }),
    );
  }
}
