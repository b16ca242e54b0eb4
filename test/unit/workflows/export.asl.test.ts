import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../infra/local/handlers.ts';

interface State {
  Type: string;
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  ItemProcessor?: { ProcessorConfig?: { Mode?: string }; States: Record<string, State> };
  Catch?: { ErrorEquals: string[]; Next: string }[];
}

const WORKER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:exportWorker';

async function definition(): Promise<{ States: Record<string, State> }> {
  const text = await readFile(join(PROJECT_ROOT, 'workflows', 'export.asl.json'), 'utf8');
  return JSON.parse(text.replace(/\$\{ExportWorkerFunctionArn\}/g, WORKER_ARN));
}

describe('workflows/export.asl.json', () => {
  it('is valid Amazon States Language (asl-validator, with path and ARN checks)', async () => {
    const { isValid, errorsText } = aslValidator(await definition());
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('runs the registry step, a Distributed Map of segment steps, then the merge, all on the worker', async () => {
    const { States } = await definition();
    const map = States.ScanSegments;
    expect(map?.ItemProcessor?.ProcessorConfig?.Mode).toBe('DISTRIBUTED');
    const tasks = [States.ScanRegistry, map?.ItemProcessor?.States.ScanSegment, States.Finish];
    expect(tasks.map((t) => t?.Parameters?.Payload?.phase)).toEqual(['registry', 'segment', 'finish']);
    expect(tasks.every((t) => t?.Parameters?.FunctionName === WORKER_ARN)).toBe(true);
    // The segments 0…63 of a scan of 64, each step told both.
    expect(States.Segments?.Parameters).toMatchObject({
      total: 64,
      'segments.$': 'States.ArrayRange(0, 63, 1)',
    });
    for (const state of [States.ScanRegistry, map, States.Finish]) {
      expect(state?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'ExportFailed' });
    }
  });
});
