import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:soak`: the long runs of the suites that `npm test` runs on a quick budget — the fuzzer with
 * FUZZ_RUNS cases per endpoint (10 000 unless set; CI sets fewer).
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['e2e/fuzz/**/*.test.ts'],
    // The budget is the run's length: no per-test timeout cuts it short.
    testTimeout: 0,
    env: { ...base.test?.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000' },
  },
});
