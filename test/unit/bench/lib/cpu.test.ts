import { describe, expect, it } from 'vitest';
import { ownCpuMs, processCpuMs } from '../../../../bench/lib/cpu.ts';

describe('bench cpu', () => {
  describe('processCpuMs', () => {
    it('reads the CPU time a running process has used, and grows as it works', () => {
      // Prepare
      const before = processCpuMs(process.pid);
      const until = ownCpuMs() + 60;

      // Act: 60 ms of CPU in this process
      while (ownCpuMs() < until) Math.sqrt(Math.random());
      const after = processCpuMs(process.pid);

      // Assess: /proc counts in 10 ms ticks
      expect(before).not.toBeNull();
      expect(after).not.toBeNull();
      expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(40);
    });

    it('gives null for a process that does not exist, or no process', () => {
      // Act / Assess
      expect(processCpuMs(2 ** 30)).toBeNull();
      expect(processCpuMs(undefined)).toBeNull();
    });
  });
});
