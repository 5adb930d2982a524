/**
 * The Chromium that the dashboard's Playwright suite drives, found the same way by playwright.config.ts and by
 * `npm test`'s preparation (prepare-tests.mjs), which installs one when there is none.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Chromium's names on the PATH: Debian's package, and Ubuntu's and Fedora's. */
const SYSTEM_NAMES = ['chromium', 'chromium-browser'];

/**
 * @typedef {object} Chromium
 * @property {string | undefined} executablePath  undefined: Playwright's own, which Playwright finds itself
 * @property {string} description  which one, in words
 */

/**
 * In order: PLAYWRIGHT_CHROMIUM_PATH when set; Playwright's own browser when it is installed (`npx playwright
 * install chromium`, the usual way on macOS and Windows); a Chromium on the PATH (Debian's `chromium`). Null when
 * there is none.
 * @param {{ env?: NodeJS.ProcessEnv, playwrightExecutable: string }} options playwrightExecutable: where
 *   Playwright's own Chromium is when installed (`chromium.executablePath()`)
 * @returns {Chromium | null}
 */
export function findChromium({ env = process.env, playwrightExecutable }) {
  if (env.PLAYWRIGHT_CHROMIUM_PATH) return { executablePath: env.PLAYWRIGHT_CHROMIUM_PATH, description: `PLAYWRIGHT_CHROMIUM_PATH (${env.PLAYWRIGHT_CHROMIUM_PATH})` };
  if (existsSync(playwrightExecutable)) return { executablePath: undefined, description: `Playwright's Chromium (${playwrightExecutable})` };
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return { executablePath: candidate, description: `${name} on the PATH (${candidate})` };
      } catch {
        // Not in this folder.
      }
    }
  }
  return null;
}

/**
 * What to do when there is no Chromium: the one command for this system.
 * @param {NodeJS.Platform} platform
 */
export function noChromiumMessage(platform = process.platform) {
  const install = platform === 'linux' ? "install Debian's with `sudo apt-get install chromium`" : 'install Playwright\'s with `npx playwright install chromium`';
  return `no Chromium for the dashboard's end-to-end tests: ${install} (or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium), then run the tests again`;
}
