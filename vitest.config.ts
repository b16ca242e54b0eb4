import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Safety nets for a hung run, not races: tests wait on events (a status, a message, a history event)
    // and on clocks they move themselves, and a machine under heavy load may take minutes to start a stack.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // expect.poll waits on an event; its limit (vitest's default is 1 s) is a safety net too.
    expect: { poll: { timeout: 90_000, interval: 50 } },
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    // Each answer of the local API is checked against the OpenAPI document.
    setupFiles: ['test/support/contract-setup.ts'],
    // The functions' log lines stay JSON under test, whatever the terminal (tests read them back).
    env: { LOG_FORMAT: 'json' },
  },
});
