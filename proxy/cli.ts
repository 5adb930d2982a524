#!/usr/bin/env node
/**
 * Headless entry: `switchboard serve | login <provider> | import <source> | accounts | key | keys | clients`.
 * Each command lives in proxy/cli/<name>-command.ts and registers itself on the program here. People run it
 * through bin/switchboard.js, which builds dist/ first when the sources changed.
 */
import { Command, Option } from 'commander';
import { cliCommand } from './cli-command.js';
import { ConfigError } from './config/config-error.js';
import { LOG_FORMATS } from './log.js';
import { registerAccountsCommand } from './cli/accounts-command.js';
import { registerClientsCommand } from './cli/clients-command.js';
import { registerKeyCommand } from './cli/key-command.js';
import { registerKeysCommand } from './cli/keys-command.js';
import { registerLoginCommand } from './cli/login-command.js';
import { registerAddCommand } from './cli/add-command.js';
import { registerImportCommand } from './cli/import-command.js';
import { registerServeCommand } from './cli/serve-command.js';
import { registerPricesCommand } from './cli/prices-command.js';

// A global option that takes a value must be named in scripts/setup/prepare-cli.mjs too (it finds the command).
const program = new Command()
  .name(cliCommand(''))
  .description('Your own Claude subscription as a local, authenticated API for Claude Code and other clients.')
  .option('-c, --config <file>', 'config file (default: the per-OS app-data config.yaml, created on first run)')
  .addOption(new Option('--log-format <format>', 'the log on stderr: pretty lines, JSON, or auto (pretty on a terminal); also SWITCHBOARD_LOG_FORMAT').choices(LOG_FORMATS))
  .showHelpAfterError();

registerServeCommand(program);
registerKeyCommand(program);
registerKeysCommand(program);
registerAccountsCommand(program);
registerClientsCommand(program);
registerLoginCommand(program);
registerAddCommand(program);
registerImportCommand(program);
registerPricesCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error in ${error.message}\n`);
    process.exitCode = 78; // EX_CONFIG
    return;
  }
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
