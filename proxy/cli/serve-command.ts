import { InvalidArgumentError, type Command } from 'commander';
import { cliCommand } from '../cli-command.js';
import { accountParts, addAccountCommands } from '../providers/index.js';
import { ConfigReloader } from '../config/config-reload.js';
import { loadConfigFile, type Config } from '../config/load.js';
import { configFileSchema } from '../config/schema.js';
import { createSwitchboard } from '../index.js';
import { ensureOwnerKey } from '../keys/owner-key.js';
import { configureLogging } from '../log.js';
import { TokenStore } from '../accounts/token-store.js';
import { loadCliConfig, loggingFor, say, type GlobalOptions } from './context.js';
import { describeListening } from './listen-address.js';

interface ServeOptions {
  port?: number;
  host?: string;
}

/** --port: a whole number the config's `port` accepts, so both are refused with the same limits. */
function portNumber(value: string): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!configFileSchema.shape.port.safeParse(port).success) throw new InvalidArgumentError('give a port number from 0 to 65535 (0: any free port).');
  return port;
}

/** The config with the command line's --port and --host over the file's. */
function withListenOptions(config: Config, options: ServeOptions): Config {
  return { ...config, ...(options.port !== undefined && { port: options.port }), ...(options.host !== undefined && { host: options.host }) };
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the proxy (headless) until interrupted')
    .option('-p, --port <port>', 'listen on this port instead of the configured one (0: any free port)', portNumber)
    .option('--host <host>', 'listen on this address instead of the configured one (keep it on loopback unless you know why)')
    .action(async (options: ServeOptions, command: Command) => {
      const loaded = loadCliConfig(command);
      const config = withListenOptions(loaded.config, options);
      if (loaded.created) say(`Created the config file ${config.configPath} (README "Configuration" lists every key).`);

      const owner = await ensureOwnerKey(config['data-dir']);
      if (owner.created) {
        say('');
        say(`Your Switchboard API key (shown once; \`${cliCommand('key show')}\` prints it again, \`${cliCommand('key rotate')}\` replaces it):`);
        say(`  ${owner.key}`);
        say('');
      }

      // The file as it is now, read the way it was at start: the same path and the same command-line options.
      const { configPath } = config;
      const settings = configPath ? new ConfigReloader(config, () => withListenOptions(loadConfigFile(configPath).config, options)) : undefined;
      const { logFormat } = command.optsWithGlobals<GlobalOptions>();
      for (const setting of ['debug', 'log-format']) settings?.onChange(setting, (next) => configureLogging(loggingFor(next, logFormat)));

      const switchboard = createSwitchboard(config, { settings });
      const status = await switchboard.start();
      if (status.state !== 'running' || status.port === null) {
        // At the terminal, the way to choose another port is an option away.
        const fix = status.errorCode === 'port_in_use' ? ` (--port <number>, or "port:" in ${configPath ?? 'the config'})` : '';
        throw new Error(`${status.error ?? 'the server did not start'}${fix}`);
      }
      const stopWatching = configPath && settings ? settings.watch(configPath) : () => {};
      for (const line of describeListening(config, status.port)) say(line);
      const { accounts, invalid } = await new TokenStore(config['auth-dir'], { parts: accountParts }).list();
      for (const file of invalid) say(`Skipped ${file.path}: ${file.problem}`);
      if (accounts.length === 0) say(`No account is logged in yet: run ${addAccountCommands()}.`);
      else say(`Accounts: ${accounts.map((account) => account.id).join(', ')}`);

      await waitForSignal();
      say('Stopping…');
      stopWatching();
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
