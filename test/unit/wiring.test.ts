import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../infra/lambda-bundling.ts';
import { PROJECT_ROOT } from '../../infra/local/handlers.ts';

/** The files whose code a handler's Lambda bundle holds (esbuild's metafile), and its code; nothing is written. */
async function bundle(handler: string): Promise<{ inputs: string[]; code: string }> {
  const { metafile, outputFiles } = await build({
    ...lambdaBuildOptions(
      join(PROJECT_ROOT, handler),
      join(PROJECT_ROOT, 'cdk.out', 'unused.mjs'),
      PROJECT_ROOT,
    ),
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([path]) => path);
  return { inputs, code: outputFiles.find((file) => file.path.endsWith('.mjs'))?.text ?? '' };
}

const holds = (inputs: readonly string[], part: string) => inputs.some((path) => path.includes(part));

describe('per-function wiring (functions/wiring.ts)', () => {
  it('a step that only reads and writes the tables bundles the DynamoDB client and no other', async () => {
    const { inputs, code } = await bundle('functions/handlers/assess-claim.ts');
    expect(holds(inputs, '@aws-sdk/client-dynamodb/')).toBe(true);
    for (const other of ['client-sesv2', 'client-sns', 'client-sfn', 'client-s3', 'client-secrets-manager']) {
      expect(holds(inputs, `@aws-sdk/${other}/`)).toBe(false);
    }
    // The claims store renders a fraud flag's items with the fraud store's functions; the store itself stays out.
    expect(holds(inputs, 'functions/adapters/dynamodb/fraud-store.ts')).toBe(true);
    expect(code).not.toContain('DynamoFraudStore');
  });

  it('a step that notifies and reports to the workflow bundles the SES, SNS and Step Functions clients', async () => {
    const { inputs } = await bundle('functions/handlers/request-approval.ts');
    for (const used of ['client-dynamodb', 'client-sesv2', 'client-sns', 'client-sfn']) {
      expect(holds(inputs, `@aws-sdk/${used}/`)).toBe(true);
    }
    expect(holds(inputs, '@aws-sdk/client-s3/')).toBe(false);
  });

  it('bundles neither the tracer nor the X-Ray SDK (the Powertools layer has them), and loads no SDK client at import', async () => {
    const { inputs, code } = await bundle('functions/handlers/get-claim.ts');
    for (const fromLayer of ['@aws-lambda-powertools/tracer/', 'aws-xray-sdk-core/']) {
      expect(holds(inputs, fromLayer)).toBe(false);
    }
    expect(holds(inputs, '@aws-lambda-powertools/logger/')).toBe(true);
    // node:http(s) are loaded where the client module first runs, on the first invocation: no static import.
    expect(code).not.toMatch(/from\s*["']node:https?["']/);
    expect(code).toContain('getBuiltinModule("node:https")');
  });
});
