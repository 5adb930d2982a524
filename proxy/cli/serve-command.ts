import type { Command } from 'commander';
import { createSwitchboard } from '../index.js';
import { ensureOwnerKey } from '../keys/owner-key.js';
import { configureLogging } from '../log.js';
import { TokenStore } from '../accounts/token-store.js';
import { loadCliConfig, say } from './context.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the proxy (headless) until interrupted')
    .option('-p, --port <port>', 'listen on this port instead of the configured one', (value) => Number.parseInt(value, 10))
    .option('--host <host>', 'listen on this address instead of the configured one')
    .action(async (options: { port?: number; host?: string }, command: Command) => {
      const { config, created } = loadCliConfig(command);
      if (options.port !== undefined) config.port = options.port;
      if (options.host !== undefined) config.host = options.host;
      configureLogging({ debug: config.debug });
      if (created) say(`Created the config file ${config.configPath} (README "Configuration" lists every key).`);

      const owner = await ensureOwnerKey(config['data-dir']);
      if (owner.created) {
        say('');
        say('Your Switchboard API key (shown once; `switchboard key show` prints it again, `switchboard key rotate` replaces it):');
        say(`  ${owner.key}`);
        say('');
      }

      const switchboard = createSwitchboard(config);
      const status = await switchboard.start();
      if (status.state !== 'running') throw new Error(status.error ?? 'the server did not start');
      say(`Switchboard is listening on ${status.url}`);
      const { accounts, invalid } = await new TokenStore(config['auth-dir']).list();
      for (const file of invalid) say(`Skipped ${file.path}: ${file.problem}`);
      if (accounts.length === 0) say('No account is logged in yet: run `switchboard login anthropic` (or `switchboard import claude-code`).');
      else say(`Accounts: ${accounts.map((account) => account.id).join(', ')}`);

      await waitForSignal();
      say('Stopping…');
      await switchboard.stop();
    });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
