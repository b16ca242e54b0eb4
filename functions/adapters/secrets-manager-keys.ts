import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { type KeyPurpose, type Keys, keySecretName } from '../ports/keys.ts';

/** How long a container keeps a key before reading it again (a rotated key is picked up within this). */
export const KEY_CACHE_SECONDS = 300;

/**
 * Keys read from Secrets Manager by name (`<prefix>/<purpose>`), through Powertools Parameters, which
 * keeps each value in the container for `maxAgeSeconds`.
 */
export class SecretsManagerKeys implements Keys {
  constructor(
    private readonly provider: SecretsProvider,
    private readonly prefix: string,
    private readonly maxAgeSeconds = KEY_CACHE_SECONDS,
  ) {}

  async get(purpose: KeyPurpose): Promise<string> {
    const name = keySecretName(this.prefix, purpose);
    const value = await this.provider.get(name, { maxAge: this.maxAgeSeconds });
    if (typeof value !== 'string' || value === '') throw new Error(`secret ${name} has no text value`);
    return value;
  }
}
