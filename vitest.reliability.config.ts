import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: crash, faults, races and fuzzing against the local runtime (not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.reliability.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 90_000, interval: 50 } },
    pool: 'forks',
    // One suite at a time: each loads the machine on its own, and their figures should not disturb each other.
    fileParallelism: false,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
