/**
 * The dashboard's end-to-end suite: Chromium against the real headless server and the stand-in upstreams, which
 * e2e/dashboard/support/global-setup.ts starts once for the run. The browser is PLAYWRIGHT_CHROMIUM_PATH's when
 * set, else Playwright's own where it is installed (macOS, Windows), else Debian's `chromium` on the PATH
 * (scripts/setup/browser.mjs; `npm test` installs one first when there is none).
 *
 * The specs follow one person's way through the app, so the projects run in order and share the server:
 * sign in and add an account → send traffic and watch it arrive → everything that needs that history
 * (keys, clients, layout and themes, screenshots) → accounts in trouble (failed requests, extra accounts). `playwright test e2e/dashboard/keys.spec.ts` runs the
 * projects it depends on first.
 */
import { chromium, defineConfig } from '@playwright/test';
import { findChromium, noChromiumMessage } from './scripts/setup/browser.mjs';

const browser = findChromium({ playwrightExecutable: chromium.executablePath() });
if (!browser) throw new Error(noChromiumMessage());

export default defineConfig({
  testDir: 'e2e/dashboard',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/dashboard/support/global-setup.ts',
  outputDir: 'test-results',
  // Two cores, one server whose state the specs build on: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000, toPass: { timeout: 15_000 } },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    launchOptions: {
      executablePath: browser.executablePath,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'sign-in', testMatch: ['key-gate.spec.ts', 'accounts-login.spec.ts'] },
    { name: 'traffic', testMatch: 'traffic.spec.ts', dependencies: ['sign-in'] },
    { name: 'dashboard', testMatch: ['accounts-import.spec.ts', 'desktop-bridge.spec.ts', 'keys.spec.ts', 'clients.spec.ts', 'requests.spec.ts', 'prices.spec.ts', 'views.spec.ts'], dependencies: ['traffic'] },
    // Failed requests and extra accounts of its own: after everything that counts or photographs the others.
    { name: 'account-states', testMatch: ['accounts-states.spec.ts', 'accounts-api-key.spec.ts'], dependencies: ['dashboard'] },
    // Device-code and poll logins of a test-only provider and of Cursor, beside the real server: nothing they add changes the others.
    { name: 'waiting-logins', testMatch: ['accounts-waiting-login.spec.ts', 'accounts-cursor-login.spec.ts'] },
  ],
});
