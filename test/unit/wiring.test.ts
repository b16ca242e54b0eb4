import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions, summarize } from '../../infra/lambda-bundling.ts';
import { PROJECT_ROOT } from '../../infra/local/handlers.ts';

/**
 * The files whose code a handler's Lambda asset holds (esbuild's metafile, every chunk), its code, and the
 * files and code a fresh import loads at start (the handler's module and its static imports); nothing is written.
 */
async function bundle(
  handler: string,
): Promise<{ inputs: string[]; code: string; startInputs: string[]; startCode: string }> {
  const outdir = join(PROJECT_ROOT, 'cdk.out', 'unused');
  const { metafile, outputFiles } = await build({
    ...lambdaBuildOptions(join(PROJECT_ROOT, handler), outdir, PROJECT_ROOT),
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const built = summarize(metafile, outdir, PROJECT_ROOT);
  const start = new Set(built.startFiles.map((file) => join(outdir, file)));
  // The asset: what the handler can load (buildLambda deletes the chunks it cannot).
  const asset = new Set(built.files.map((file) => join(outdir, file.path)));
  const outputs = Object.entries(metafile.outputs).filter(([path]) => asset.has(join(PROJECT_ROOT, path)));
  const inputsOf = (list: typeof outputs) => [
    ...new Set(
      list.flatMap(([, { inputs }]) =>
        Object.entries(inputs)
          .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
          .map(([path]) => path),
      ),
    ),
  ];
  const code = outputFiles.filter((file) => asset.has(file.path));
  return {
    inputs: inputsOf(outputs),
    code: code.map((file) => file.text).join('\n'),
    startInputs: inputsOf(outputs.filter(([path]) => start.has(join(PROJECT_ROOT, path)))),
    startCode: code
      .filter((file) => start.has(file.path))
      .map((file) => file.text)
      .join('\n'),
  };
}

const holds = (inputs: readonly string[], part: string) => inputs.some((path) => path.includes(part));

describe('per-function wiring (functions/wiring.ts)', () => {
  it('a step that only reads and writes the tables bundles the DynamoDB client and no other', async () => {
    const { inputs, startCode } = await bundle('functions/handlers/assess-claim.ts');
    expect(holds(inputs, '@aws-sdk/client-dynamodb/')).toBe(true);
    for (const other of ['client-sesv2', 'client-sns', 'client-sfn', 'client-s3', 'client-secrets-manager']) {
      expect(holds(inputs, `@aws-sdk/${other}/`)).toBe(false);
    }
    // The claims store renders a fraud flag's items with the fraud store's functions; the store itself is
    // not loaded at import. (With code splitting its module is a chunk of its own, since the wiring's
    // fraud part imports it, so the chunk the claims store loads on first use holds the whole module.)
    expect(holds(inputs, 'functions/adapters/dynamodb/fraud-store.ts')).toBe(true);
    expect(startCode).not.toContain('DynamoFraudStore');
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

  it('splits the asset: the SDK client and the stores are chunks loaded on first use, not parsed at import', async () => {
    const { inputs, startInputs, startCode } = await bundle('functions/handlers/get-claim.ts');
    for (const lazy of [
      '@aws-sdk/client-dynamodb/',
      '@smithy/core/',
      'functions/adapters/dynamodb/claims-store.ts',
    ]) {
      expect(holds(inputs, lazy), lazy).toBe(true);
      expect(holds(startInputs, lazy), lazy).toBe(false);
    }
    expect(holds(startInputs, 'functions/handlers/get-claim.ts')).toBe(true);
    // The chunks are loaded with import() from the handler's own files.
    expect(startCode).toMatch(/import\("\.\/(chunks\/)?[\w-]+\.mjs"\)/);
  });

  it('loads Powertools Logger, middy and the middlewares on the first invocation, not at import', async () => {
    for (const handler of [
      'functions/handlers/request-approval.ts',
      'functions/handlers/budgets.ts',
      'functions/handlers/approval-link.ts',
    ]) {
      const { inputs, startInputs } = await bundle(handler);
      for (const lazy of [
        '@aws-lambda-powertools/logger/',
        '@middy/core/',
        'functions/logging/middleware.ts',
        'functions/logging/claims-log-formatter.ts',
        'functions/tracing/tracer.ts',
      ]) {
        expect(holds(inputs, lazy), `${handler}: ${lazy}`).toBe(true);
        expect(holds(startInputs, lazy), `${handler}: ${lazy}`).toBe(false);
      }
    }
    // A step's error mapping and a route's problems and use case come with its chain, on first use.
    expect(
      holds((await bundle('functions/handlers/request-approval.ts')).startInputs, 'step-errors.ts'),
    ).toBe(false);
    const budgets = await bundle('functions/handlers/budgets.ts');
    for (const lazy of ['functions/http/problems-middleware.ts', 'functions/usecases/budgets.ts']) {
      expect(holds(budgets.startInputs, lazy), lazy).toBe(false);
    }
    // The export routes' own middy edge, and a link page's CSRF check (node:crypto), come on first use too.
    for (const handler of ['functions/handlers/exports.ts', 'functions/handlers/export-download.ts']) {
      const { inputs, startInputs } = await bundle(handler);
      for (const lazy of ['@middy/core/', 'functions/http/problems-middleware.ts']) {
        expect(holds(inputs, lazy), `${handler}: ${lazy}`).toBe(true);
        expect(holds(startInputs, lazy), `${handler}: ${lazy}`).toBe(false);
      }
    }
    const feedbackLink = await bundle('functions/handlers/feedback-link.ts');
    expect(holds(feedbackLink.inputs, 'functions/http/csrf.ts')).toBe(true);
    expect(holds(feedbackLink.startInputs, 'functions/http/csrf.ts')).toBe(false);
  });
});
