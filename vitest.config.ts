import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['proxy/**/*.test.ts', 'main/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts'],
    // The load test runs alone, after the rest (vitest.load.config.ts).
    exclude: ['**/node_modules/**', 'dist/**', 'e2e/load/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Stylesheets are left out of tests (imported, they are empty), except the dashboard's theme colours, which the
    // chart palette's test reads (renderer/src/usage/chart-data.test.ts).
    css: { include: [/renderer\/src\/styles\.css/] },
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Quiet by default; SWITCHBOARD_TEST_LOG=debug shows the server's log while a test runs.
    // Hints name the installed command (proxy/cli-command.ts) whatever the shell running the tests has set.
    env: { SWITCHBOARD_LOG_LEVEL: process.env.SWITCHBOARD_TEST_LOG ?? 'silent', SWITCHBOARD_CLI: 'switchboard' },
  },
});
