import type { Command } from 'commander';
import { ensureOwnerKey, ownerKeyPath, rotateOwnerKey } from '../keys/owner-key.js';
import { loadCliConfig, say } from './context.js';

export function registerKeyCommand(program: Command): void {
  const key = program.command('key').description("the owner's API key (kept in data-dir, mode 0600)");
  key
    .command('show')
    .description('print the owner API key (creates it if there is none)')
    .action(async (_options: unknown, command: Command) => {
      const { config } = loadCliConfig(command);
      const { key: value } = await ensureOwnerKey(config['data-dir']);
      say(value);
    });
  key
    .command('rotate')
    .description('replace the owner API key; the old one stops working at once, also in a running server')
    .action(async (_options: unknown, command: Command) => {
      const { config } = loadCliConfig(command);
      const value = await rotateOwnerKey(config['data-dir']);
      say(`New owner API key (stored in ${ownerKeyPath(config['data-dir'])}):`);
      say(`  ${value}`);
      say('Update the clients that used the old key (e.g. ANTHROPIC_AUTH_TOKEN for Claude Code).');
    });
}
