import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds or starts the Redis every suite uses (test/support/global-redis.ts).
    globalSetup: ['test/support/global-redis.ts'],
    // Suites start real processes and talk to a real Redis; one file at a time per core.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
