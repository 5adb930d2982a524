/**
 * What `npm test` (and `npm run test:unit`, `npm run test:e2e`) need before the first check runs, so a fresh
 * clone needs no other command and a missing piece stops the run at once rather than minutes in: the
 * dependencies, better-sqlite3 built for Node, and with --browser a Chromium for the dashboard's Playwright suite
 * (Playwright's own is downloaded when there is none; where that fails, the one command to run is named).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, noChromiumMessage } from './browser.mjs';
import { ensureDependencies } from './dependencies.mjs';
import { ensureNodeAbi } from './native-abi.mjs';
import { SetupError } from './setup-error.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @param {string} root */
async function ensureChromium(root) {
  const { chromium } = await import('@playwright/test');
  const find = () => findChromium({ playwrightExecutable: chromium.executablePath() });
  if (find()) return;
  process.stderr.write("No Chromium for the dashboard's end-to-end tests: downloading Playwright's (`playwright install chromium`, once)…\n");
  const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
  const installed = spawnSync(process.execPath, [cli, 'install', 'chromium'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (installed.status !== 0 || !find()) throw new SetupError(noChromiumMessage());
}

try {
  ensureDependencies(root);
  ensureNodeAbi(root);
  if (process.argv.includes('--browser')) await ensureChromium(root);
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  process.stderr.write(`npm test: ${error.message}\n`);
  process.exit(1);
}
