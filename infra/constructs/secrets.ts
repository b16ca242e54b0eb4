import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.ts';
import type { FunctionDef } from '../functions.ts';
import type { ClaimFunction } from './claim-function.ts';
import { acknowledge } from './nag.ts';

type SecretName = NonNullable<FunctionDef['secrets']>[number];

const ENV_OF: Readonly<Record<SecretName, string>> = {
  linkSecret: ENV.linkSecret,
  piiHashKey: ENV.piiHashKey,
  exportSigningKey: ENV.exportSigningSecret,
};

/**
 * Keys generated at the first deploy and kept in Secrets Manager: the HMAC key of the approval pages'
 * form tokens, and the key of the ID-number hashes (kept even if the stack is deleted: without it no
 * member could be found by ID number again). A function that needs one gets it in its environment
 * through a CloudFormation dynamic reference, so the value never appears in the template.
 */
export class AppSecrets extends Construct {
  private readonly secrets: Readonly<Record<SecretName, Secret>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const generated = (name: string, description: string, removalPolicy: RemovalPolicy) =>
      new Secret(this, name, {
        description,
        removalPolicy,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
    this.secrets = {
      linkSecret: generated(
        'LinkSecret',
        'HMAC key of approval-link form tokens (CSRF)',
        RemovalPolicy.DESTROY,
      ),
      piiHashKey: generated(
        'PiiHashKey',
        'HMAC key of ID-number hashes (member lookup)',
        RemovalPolicy.RETAIN,
      ),
      // Evaluators verify exports with the public key derived from it: kept, so old exports still verify.
      exportSigningKey: generated(
        'ExportSigningKey',
        'Secret the Ed25519 key signing evaluation-export manifests is derived from',
        RemovalPolicy.RETAIN,
      ),
    };
    acknowledge(this, {
      rule: 'SMG4',
      reason:
        'Rotating the ID-number hash key would orphan every stored hash (a rotation means re-hashing the registry, a planned migration); rotating the link key invalidates every open approval link, so it is rotated by hand between approval rounds.',
    });
  }

  /** Gives a function the keys its definition asks for. */
  bind(fn: ClaimFunction): void {
    for (const name of fn.def.secrets ?? []) {
      fn.addEnvironment(ENV_OF[name], this.secrets[name].secretValue.unsafeUnwrap());
    }
  }
}
