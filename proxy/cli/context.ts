import type { Command } from 'commander';
import { loadConfigFile, type Config } from '../config/load.js';

/** Loads the config named by the global --config option (or SWITCHBOARD_CONFIG), creating the default on first run. */
export function loadCliConfig(command: Command): { config: Config; created: boolean } {
  const options = command.optsWithGlobals<{ config?: string }>();
  return loadConfigFile(options.config ?? process.env.SWITCHBOARD_CONFIG);
}

/** Output meant for the person at the terminal (stdout); logs go to stderr. */
export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}
