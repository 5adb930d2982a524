import type { Command } from 'commander';
import { importClaudeCode } from '../providers/anthropic/import-claude-code.js';
import { loadCliConfig, say } from './context.js';

/** Sources `switchboard import` knows. */
const IMPORT_SOURCES = ['claude-code'] as const;

/** `switchboard import <source> [--home <dir>]` */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("copy another tool's login into auth-dir")
    .argument('<source>', `where to import from (${IMPORT_SOURCES.join(', ')})`)
    .option('--home <dir>', "the home folder the tool keeps its login in (default: yours)")
    .action(async (source: string, options: { home?: string }, command: Command) => {
      if (source !== 'claude-code') {
        throw new Error(`unknown import source "${source}": known sources are ${IMPORT_SOURCES.join(', ')}`);
      }
      const { config } = loadCliConfig(command);
      const result = await importClaudeCode(config, { home: options.home });
      say(result.message);
    });
}
