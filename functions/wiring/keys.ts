import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LocalKeys } from '../adapters/local-keys.ts';
import { SecretsManagerKeys } from '../adapters/secrets-manager-keys.ts';
import { ENV, requireEnv } from '../config.ts';
import type { Keys } from '../ports/keys.ts';
import { LOCAL_PII_HASH_KEY } from '../usecases/import-members.ts';

/**
 * The keys of a handler (the `keys` part of functions/wiring.ts): in AWS read from Secrets Manager by the
 * names the stack's prefix (KEY_PREFIX) gives them and cached for a few minutes; locally (LOCAL_KEYS_FILE)
 * from the key file of the local runtime's data folder. Only the handlers that need a key name the part,
 * so only they bundle the Secrets Manager client.
 */
export function buildKeys(): Keys {
  const localFile = process.env[ENV.localKeysFile];
  if (localFile !== undefined && localFile !== '') {
    // The local ID-number hash key is the fixed one the demo data is hashed with, unless PII_HASH_KEY names
    // another (as the local runtime's demo data then does).
    return new LocalKeys(localFile, { idNumberHash: process.env.PII_HASH_KEY || LOCAL_PII_HASH_KEY });
  }
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({}) });
  return new SecretsManagerKeys(provider, requireEnv(ENV.keyPrefix));
}
