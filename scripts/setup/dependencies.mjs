import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNpm } from './npm.mjs';
import { SetupError } from './setup-error.mjs';

/**
 * The packages package.json declares that node_modules does not hold.
 * @param {string} root
 * @returns {string[]}
 */
export function missingPackages(root) {
  /** @type {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} */
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
  return names.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
}

/**
 * Makes sure the dependencies are installed before anything that needs them runs. A fresh clone (no node_modules
 * at all) gets `npm ci`, the lockfile's exact versions, so the README's first command is all a new user types. An
 * install that merely lacks some package (package.json changed since) is not replaced behind the person's back —
 * `npm ci` deletes node_modules first — it stops with the command to run instead.
 * @param {string} root
 * @param {{ install?: () => void, say?: (line: string) => void }} [options] install: how to install (tests pass
 *   their own); say: where progress goes (stderr, so stdout stays the command's own).
 */
export function ensureDependencies(root, options = {}) {
  const install = options.install ?? (() => runNpm(root, ['ci', '--no-fund', '--no-audit']));
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`));
  if (!existsSync(join(root, 'node_modules'))) {
    say('First run in this folder: installing the dependencies with `npm ci` (a few minutes, once)…');
    install();
  }
  const missing = missingPackages(root);
  if (missing.length > 0) {
    const named = missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
    throw new SetupError(`${named} ${missing.length === 1 ? 'is' : 'are'} not installed (package.json changed since the last install): run \`npm ci\``);
  }
}
