#!/usr/bin/env node
/**
 * The `switchboard` command, and what `npm run serve` and `npm run switchboard -- …` run. Plain Node without
 * dependencies, because on a fresh clone it runs before any are installed: it installs them (once), builds what
 * is stale (only then; scripts/setup/fresh-build.mjs) and runs the built CLI, with no compiler in the way of a start.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareCli } from '../scripts/setup/prepare-cli.mjs';
import { SetupError } from '../scripts/setup/setup-error.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// How the CLI's hints name a command (proxy/cli-command.ts): the way this person runs it — the npm script, this file
// by its path (`node bin/switchboard.js`), or the installed `switchboard` command.
process.env.SWITCHBOARD_CLI ??= cliPrefix(process.argv[1] ?? '');

/** @param {string} invokedAs */
function cliPrefix(invokedAs) {
  if (process.env.npm_package_name === 'switchboard') return 'npm run switchboard --';
  if (/switchboard\.js$/.test(invokedAs)) return `node ${relative(process.cwd(), invokedAs) || invokedAs}`;
  return 'switchboard';
}

try {
  await prepareCli(root, process.argv.slice(2));
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  process.stderr.write(`switchboard: ${error.message}\n`);
  process.exit(1);
}
await import(new URL('../dist/proxy/cli.js', import.meta.url).href);
