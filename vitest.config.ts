import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // piscina workers started by tests load workers/text-worker.ts: they inherit this loader from the test process.
    execArgv: ['--import', 'tsx'],
    // Two cores: suites that start pools and processes would only fight each other in parallel.
    fileParallelism: false,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
