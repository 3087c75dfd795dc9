import { defineConfig } from 'vitest/config';

// The fault-injection suite (npm run test:faults): real processes, real faults; slower than npm test.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/faults.json' },
  },
});
