import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 90_000,
    // Cheap unless a docker test runs: it only hands out a dir for the lazily started test dockerd.
    globalSetup: ['test/support/docker-global-setup.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'src/core/**': { lines: 95, branches: 95, functions: 95, statements: 95 },
      },
    },
  },
});
