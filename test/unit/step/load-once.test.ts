import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../../functions/step/load-once.ts';

describe('loadOnce', () => {
  it('runs the load once for calls made before and after it settles', async () => {
    // Prepare
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      return { run: 'ok' };
    });
    // Act
    const [first, second] = await Promise.all([load(), load()]);
    const third = await load();
    // Assess
    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(third).toBe(first);
  });

  it('forgets a failed load, so the next call loads again', async () => {
    // Prepare
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk missing');
      return 'loaded';
    });
    // Act
    await expect(load()).rejects.toThrow('chunk missing');
    const retried = await load();
    // Assess
    expect(retried).toBe('loaded');
    expect(loads).toBe(2);
  });
});
