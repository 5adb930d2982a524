import type { Command } from 'commander';
import { providerModules } from '../providers/index.js';
import { loadCliConfig, say } from './context.js';

/** Sources `switchboard import` knows: every provider module's importers. */
const IMPORTERS = providerModules.flatMap((module) => module.importers);
const IMPORT_SOURCES = IMPORTERS.map((importer) => importer.id);

/** `switchboard import <source> [--home <dir>] [--from <file>]` */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("copy another tool's login into auth-dir")
    .argument('<source>', `where to import from (${IMPORT_SOURCES.join(', ')})`)
    .option('--home <dir>', "the home folder the tool keeps its login in (default: yours)")
    .option('--from <file>', 'the file the tool keeps its login in (default: where it keeps it on this system)')
    .action(async (source: string, options: { home?: string; from?: string }, command: Command) => {
      const importer = IMPORTERS.find((candidate) => candidate.id === source);
      if (!importer) {
        throw new Error(`unknown import source "${source}": known sources are ${IMPORT_SOURCES.join(', ')}`);
      }
      const { config } = loadCliConfig(command);
      const result = await importer.run(config, { ...(options.home ? { home: options.home } : {}), ...(options.from ? { from: options.from } : {}) });
      say(result.message);
    });
}
