import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.ts';
import { claimWorkflowDefinition, localSubstitutions, PROJECT_ROOT } from '../../infra/local/handlers.ts';

interface State {
  Type: string;
  Resource?: string;
  Retry?: { ErrorEquals: string[]; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  TimeoutSeconds?: number;
}

describe('workflows/claim.asl.json', () => {
  describe('as written', () => {
    it('uses only substitutions that infra/functions.ts defines, and every step function once', async () => {
      const text = await readFile(join(PROJECT_ROOT, 'workflows', 'claim.asl.json'), 'utf8');
      const used = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]).sort();
      const defined = Object.values(FUNCTIONS)
        .flatMap((f) => (f.aslArn === undefined ? [] : [f.aslArn]))
        .sort();
      expect(used).toEqual(defined);
    });
  });

  describe('with substitutions filled', () => {
    it('is valid Amazon States Language (asl-validator, with path and ARN checks)', async () => {
      const definition = await claimWorkflowDefinition(localSubstitutions('us-east-1'));
      const { isValid, errorsText } = aslValidator(definition);
      expect(errorsText('\n')).toBe('');
      expect(isValid).toBe(true);
    });

    it('retries transient errors with backoff and catches every other failure of a task', async () => {
      const { States } = (await claimWorkflowDefinition(localSubstitutions('us-east-1'))) as {
        States: Record<string, State>;
      };
      const tasks = Object.entries(States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBe(Object.values(FUNCTIONS).filter((f) => f.aslArn !== undefined).length);
      for (const [name, state] of tasks) {
        expect(state.Retry?.[0]?.BackoffRate, name).toBeGreaterThan(1);
        expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
        if (name !== 'MarkFailed') {
          expect(
            state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === 'MarkFailed'),
            name,
          ).toBe(true);
        }
      }
      for (const callback of [States.RequestApproval, States.RequestCorrection]) {
        expect(callback?.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
        expect(callback?.Catch?.[0]?.ErrorEquals).toEqual(['States.Timeout']);
      }
    });
  });
});
