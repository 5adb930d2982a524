import type { Command } from 'commander';
import { loadConfigFile, type Config } from '../config/load.js';
import { configureLogging, logFormatFromEnv, type LogFormatChoice, type LoggingOptions } from '../log.js';

/** The global options every command has (proxy/cli.ts). */
export interface GlobalOptions {
  config?: string;
  logFormat?: LogFormatChoice;
}

/**
 * Loads the config named by the global --config option (or SWITCHBOARD_CONFIG), creating the default on first
 * run, and sets up the log from it: every command logs the same way, to stderr.
 */
export function loadCliConfig(command: Command): { config: Config; created: boolean } {
  const options = command.optsWithGlobals<GlobalOptions>();
  const loaded = loadConfigFile(options.config ?? process.env.SWITCHBOARD_CONFIG);
  configureLogging(loggingFor(loaded.config, options.logFormat));
  return loaded;
}

/** The log the config file, SWITCHBOARD_LOG_FORMAT and --log-format ask for (each over the one before). */
export function loggingFor(config: Config, flag: LogFormatChoice | undefined): LoggingOptions {
  return { debug: config.debug, format: flag ?? logFormatFromEnv() ?? config['log-format'] };
}

/** Output meant for the person at the terminal (stdout); logs go to stderr. */
export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}
