import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Safety nets for a hung run, not races: tests wait on events (a status, a message, a history event)
    // and on clocks they move themselves, and a machine under heavy load may take minutes to start a stack.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
