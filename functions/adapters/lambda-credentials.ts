/**
 * The credential chain of the Lambda bundles (infra/lambda-bundling.ts aliases the SDK's
 * `@aws-sdk/credential-provider-node` to this module): Lambda puts the function role's credentials in
 * the environment, so the environment provider is the whole chain. The SDK clients call
 * `defaultProvider(config)` as they would the default chain's.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
