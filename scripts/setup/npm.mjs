import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { SetupError } from './setup-error.mjs';

/**
 * Runs npm in `root` with its output on stderr, so a command's stdout stays only its own words (`$(npm run
 * --silent switchboard -- key show)` must still be the key). Under an npm script, the npm that runs it; otherwise
 * the one on the PATH.
 * @param {string} root
 * @param {string[]} args
 */
export function runNpm(root, args) {
  const npmCli = process.env.npm_execpath;
  const underNpm = npmCli !== undefined && basename(npmCli).startsWith('npm-cli');
  const windows = process.platform === 'win32';
  const result = underNpm
    ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: ['inherit', 2, 2] })
    : // npm is a .cmd script on Windows, which only a shell can start.
      spawnSync(windows ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: ['inherit', 2, 2], shell: windows });
  if (result.error) throw new SetupError(`could not run \`npm ${args.join(' ')}\`: ${result.error.message}`);
  if (result.status !== 0) throw new SetupError(`\`npm ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); its output is above`);
}
