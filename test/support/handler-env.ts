import { vi } from 'vitest';
import { appDeps } from '../../functions/wiring.ts';

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
  appDeps.reset();
}
