#!/usr/bin/env node
/**
 * Headless entry: `switchboard serve | login <provider> | import <source> | accounts | key`.
 * Each command lives in proxy/cli/<name>-command.ts and registers itself on the program here.
 */
import { Command } from 'commander';
import { ConfigError } from './config/config-error.js';
import { registerAccountsCommand } from './cli/accounts-command.js';
import { registerClientsCommand } from './cli/clients-command.js';
import { registerKeyCommand } from './cli/key-command.js';
import { registerKeysCommand } from './cli/keys-command.js';
import { registerLoginCommand } from './cli/login-command.js';
import { registerImportCommand } from './cli/import-command.js';
import { registerServeCommand } from './cli/serve-command.js';
import { registerPricesCommand } from './cli/prices-command.js';

const program = new Command()
  .name('switchboard')
  .description('Your own Claude subscription as a local, authenticated API for Claude Code and other clients.')
  .option('-c, --config <file>', 'config file (default: the per-OS app-data config.yaml, created on first run)')
  .showHelpAfterError();

registerServeCommand(program);
registerKeyCommand(program);
registerKeysCommand(program);
registerAccountsCommand(program);
registerClientsCommand(program);
registerLoginCommand(program);
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
