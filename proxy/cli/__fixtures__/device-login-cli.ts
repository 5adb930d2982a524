/**
 * `switchboard login` as the CLI registers it, with the test-only device-login module as its one provider (its
 * stand-in login server is scriptable): proxy/cli/login-command.test.ts runs this in a child process to press
 * Ctrl-C in the middle of a login. DEVICE_LOGIN_URL names the stand-in login server.
 */
import { Command } from 'commander';
import { deviceLoginModule } from '../../providers/__fixtures__/device-login/module.js';
import { registerLoginCommand } from '../login-command.js';

const program = new Command().name('switchboard').option('-c, --config <file>', 'config file');
registerLoginCommand(program, [deviceLoginModule({ baseUrl: process.env.DEVICE_LOGIN_URL ?? '' })]);
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
