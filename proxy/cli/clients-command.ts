import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { CLIENT_IDS, type ClientService, type ConfigureRequest } from '../clients/client-service.js';
import { probeSwitchboard } from '../clients/server-probe.js';
import { clientBaseUrl } from '../clients/client-base-url.js';
import { ModelChoiceError, type ClientId } from '../clients/client-setup.js';
import type { ModelReport } from '../clients/model-report.js';
import { withClientService } from '../clients/standalone-client-service.js';
import { loadCliConfig, say } from './context.js';
import { cliCommand } from '../cli-command.js';

async function withService<T>(command: Command, use: (service: ClientService) => Promise<T>): Promise<T> {
  const { config } = loadCliConfig(command);
  return withClientService(config, clientBaseUrl(config), use);
}

function clientArgument(value: string): ClientId {
  if ((CLIENT_IDS as readonly string[]).includes(value)) return value as ClientId;
  throw new Error(`unknown client "${value}": use one of ${CLIENT_IDS.join(', ')}`);
}

/** One model setting in words: what the client sends and what Switchboard makes of it. */
function describeModel(report: ModelReport): string {
  if (report.value === null) return `no ${report.setting} set — ${report.problem ?? 'the client picks its own'}`;
  const named = `${report.setting} = ${report.value}`;
  if (report.served === null) return `${named} (the client resolves this name itself)`;
  if (report.served) return report.resolvesTo && report.resolvesTo !== report.value ? `${named} (→ ${report.resolvesTo})` : named;
  return `${named} — ${report.problem}`;
}

function describeModels(reports: readonly ModelReport[]): string {
  return reports.length === 0 ? "the client's own models" : reports.map(describeModel).join('; ');
}

interface ConfigureOptions {
  model?: string;
  opus?: string;
  sonnet?: string;
  haiku?: string;
  smallFast?: string;
  resetModels?: boolean;
  force?: boolean;
}

export function registerClientsCommand(program: Command): void {
  const clients = program.command('clients').description('point Claude Code and the Codex CLI at this Switchboard, and undo it');

  clients
    .command('configure <client>')
    .description('set the client up with a key of its own (claude-code: ~/.claude/settings.json; codex: ~/.codex/config.toml)')
    .option('--model <model>', 'the main model (codex: without it, the one set earlier, else Switchboard\'s default)')
    .option('--opus <model>', 'Claude Code: the model behind "opus"')
    .option('--sonnet <model>', 'Claude Code: the model behind "sonnet"')
    .option('--haiku <model>', 'Claude Code: the model behind "haiku"')
    .option('--small-fast <model>', 'Claude Code: the small, fast model')
    .option('--reset-models', 'give back the models an earlier configure set that this one does not name')
    .option('--force', 'write a named model even if this Switchboard does not serve it')
    .action(async (name: string, options: ConfigureOptions, command: Command) => {
      const client = clientArgument(name);
      const request: ConfigureRequest = {
        models: { main: options.model, opus: options.opus, sonnet: options.sonnet, haiku: options.haiku, smallFast: options.smallFast },
        resetModels: options.resetModels === true,
        force: options.force === true,
      };
      const result = await withService(command, (service) => service.configure(client, request)).catch((error: unknown) => {
        if (error instanceof ModelChoiceError && error.forceable) throw new Error(`${error.message} (--force writes it anyway)`, { cause: error });
        throw error;
      });
      say(result.changed.length === 0 ? `${result.path} was already set up; nothing changed.` : describeChanges(result.changed, result.path));
      if (result.backupPath) say(`The file as it was is kept in ${result.backupPath}; \`${cliCommand(`clients restore ${client}`)}\` undoes this.`);
      if (result.defaultModel) say(`Model: ${result.defaultModel}, Switchboard's default for this client (another with --model).`);
      say(`Models: ${describeModels(result.models)}.`);
      for (const report of result.models.filter((model) => model.served === false)) say(`WARNING: requests will fail: ${describeModel(report)}`);
    });

  clients
    .command('restore <client>')
    .description('undo what configure changed (and only that), and revoke the key it made')
    .action(async (name: string, _options: unknown, command: Command) => {
      const client = clientArgument(name);
      const result = await withService(command, (service) => service.restore(client));
      if (result.mode === 'nothing') say(`Switchboard had not changed ${result.path}; nothing to restore.`);
      else if (result.mode === 'backup') say(`${result.path} is back as it was before.`);
      else say(`Removed Switchboard's settings from ${result.path} (${result.restored.join(', ')}); your own later edits are kept.`);
      if (result.revokedKey) say(`Revoked the key ${result.revokedKey} that was made for it.`);
    });

  clients
    .command('status')
    .description('is each client set up for this Switchboard?')
    .action(async (_options: unknown, command: Command) => {
      await withService(command, async (service) => {
        for (const client of CLIENT_IDS) {
          const status = await service.status(client);
          if (status.problem) {
            say(`${status.name}: cannot read its config — ${status.problem}`);
            continue;
          }
          const where = status.baseUrl ? `uses ${status.baseUrl}${status.pointsHere ? ' (this Switchboard)' : ' (not this Switchboard)'}` : 'not pointed at any Switchboard';
          say(`${status.name}: ${status.configured ? 'configured' : 'not configured'}, ${where}, key ${status.keyValid ? 'valid' : 'missing or not valid'} — ${status.configPath}`);
          say(`  models: ${describeModels(status.models)}`);
        }
      });
    });

  clients
    .command('doctor <client>')
    .description('find what would make the client miss this Switchboard, and say how to fix it')
    .action(async (name: string, _options: unknown, command: Command) => {
      const client = clientArgument(name);
      const findings = await withService(command, (service) => service.doctor(client, probeSwitchboard, process.cwd()));
      if (findings.length === 0) say('No problems found.');
      for (const finding of findings) say(`${finding.severity.toUpperCase()}: ${finding.message}\n  fix: ${finding.fix}`);
      if (findings.some((finding) => finding.severity === 'error')) process.exitCode = 1;
    });
}

/**
 * "Changed model, model_provider in ~/.codex/config.toml and model in ~/.codex/switchboard.config.toml.": keys in
 * another file beside the client's own come as "<file>:<key>" (the Codex CLI's profile file).
 */
export function describeChanges(changed: readonly string[], path: string): string {
  const byFile = new Map<string, string[]>();
  for (const entry of changed) {
    const other = /^([\w.-]+\.(?:toml|json)):(.+)$/.exec(entry);
    const [file, key] = other ? [join(dirname(path), other[1] ?? ''), other[2] ?? ''] : [path, entry];
    byFile.set(file, [...(byFile.get(file) ?? []), key]);
  }
  return `Changed ${[...byFile].map(([file, keys]) => `${keys.join(', ')} in ${file}`).join(' and ')}.`;
}
