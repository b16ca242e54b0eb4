import { describe, expect, it } from 'vitest';
import { part, resetParts, wire } from '../../../functions/wiring/part.ts';

describe('wiring parts', () => {
  describe('part', () => {
    it('builds once per container and hands every caller the same value', async () => {
      let builds = 0;
      const store = part(async () => ({ n: ++builds }));
      const [a, b] = await Promise.all([store(), store()]);
      expect(a).toBe(b);
      expect(await store()).toBe(a);
      expect(builds).toBe(1);
    });

    it('builds afresh after resetParts (a local restart with new settings)', async () => {
      let builds = 0;
      const store = part(async () => ({ n: ++builds }));
      const before = await store();
      resetParts();
      const after = await store();
      expect(after).not.toBe(before);
      expect(after.n).toBe(2);
    });

    it('tries a part that failed to build again on its next use', async () => {
      let attempts = 0;
      const store = part(async () => {
        attempts++;
        if (attempts === 1) throw new Error('environment variable CLAIMS_TABLE is not set');
        return 'built';
      });
      await expect(store()).rejects.toThrow('CLAIMS_TABLE');
      await expect(store()).resolves.toBe('built');
    });
  });

  describe('wire', () => {
    it('gives a handler exactly the parts it names, each under its name', async () => {
      const claims = part(async () => 'claims store');
      const now = part(async () => () => new Date('2026-12-05T00:00:00Z'));
      const deps = await wire({ claims, now })();
      expect(Object.keys(deps).sort()).toEqual(['claims', 'now']);
      expect(deps.claims).toBe('claims store');
      expect(deps.now().toISOString()).toBe('2026-12-05T00:00:00.000Z');
    });
  });
});
