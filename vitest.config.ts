import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end and differential suites start real servers; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
