import { vi } from 'vitest';
import { appKeys, resetParts } from '../../functions/wiring.ts';

/** The stack's key prefix in unit tests: keys are read as `test/keys/<purpose>` (mock Secrets Manager). */
export const TEST_KEY_PREFIX = 'test/keys';

/** The variables the CDK stack gives a handler, for unit tests whose AWS clients are mocked. */
export function stubHandlerEnv(): void {
  vi.stubEnv('AWS_REGION', 'cn-north-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('CLAIMS_TABLE', 'claims-test');
  vi.stubEnv('REGISTRY_TABLE', 'registry-test');
  vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws:states:cn-north-1:123456789012:stateMachine:ClaimWorkflow');
  vi.stubEnv('LINK_BASE_URL', 'https://u.union.example');
  vi.stubEnv('NOTIFY_MODE', 'aws');
  vi.stubEnv('SES_FROM_ADDRESS', 'noreply@union.example');
  vi.stubEnv('KEY_PREFIX', TEST_KEY_PREFIX);
  resetParts();
  appKeys.reset();
}
