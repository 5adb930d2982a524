import { DASHBOARD_BUILD, PROXY_BUILD } from './build-targets.mjs';
import { ensureDependencies } from './dependencies.mjs';
import { ensureFresh } from './fresh-build.mjs';

/**
 * The CLI's global options that take a value (proxy/cli.ts): their values are not the command's name.
 */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['-c', '--config', '--log-format']);

/**
 * The command a command line runs (`serve`, `key`, …): its first word that is neither an option nor a global
 * option's value; null when there is none (`--help`, `--version`).
 * @param {readonly string[]} args the words after `switchboard`
 * @returns {string | null}
 */
export function commandOf(args) {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) index++;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}

/**
 * Everything the CLI needs before it can run from dist/: the dependencies, the built proxy and, for `serve`, the
 * built dashboard it serves. Each step costs only a check when nothing changed.
 * @param {string} root the checkout
 * @param {readonly string[]} args the words after `switchboard`
 */
export async function prepareCli(root, args) {
  ensureDependencies(root);
  await ensureFresh(root, PROXY_BUILD);
  if (commandOf(args) === 'serve') await ensureFresh(root, DASHBOARD_BUILD);
}
