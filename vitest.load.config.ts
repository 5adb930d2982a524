import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:load`: the load test alone, after the other suites (npm test runs it so). It measures whether the
 * server gives its memory back a minute after the load, and V8 only does that once the process has been quiet for
 * a while: with other test files busy on the same cores it was seen to keep the heap the whole minute.
 */
export default defineConfig({
  test: { ...base.test, include: ['e2e/load/**/*.test.ts'], exclude: ['**/node_modules/**', 'dist/**'] },
});
