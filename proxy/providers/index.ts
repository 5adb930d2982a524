import type { z } from 'zod';
import { cliCommand } from '../cli-command.js';
import { anthropicModule } from './anthropic/module.js';
import { anthropicKeyModule } from './anthropic-key/module.js';
import { codexModule } from './codex/module.js';
import { compatModule } from './compat/module.js';
import { cursorModule } from './cursor/module.js';
import { openAIKeyModule } from './openai-key/module.js';
import type { ProviderCatalogEntry } from './catalog.js';
import type { ProviderModule, TargetDeps } from './provider-module.js';
import type { Target } from './provider.js';
import { buildRegistry } from './registry.js';
import { terminalLoginMethods } from './terminal-logins.js';

/**
 * The provider registry: one line per provider module. The config's `providers` section, the account files'
 * provider parts, the CLI's login and import, the admin API and the provider catalog are built from this list.
 */
export const providerModules = [anthropicModule, codexModule, anthropicKeyModule, openAIKeyModule, compatModule, cursorModule] as const;

type Module = (typeof providerModules)[number];
export type ProviderId = Module['id'];

const registry = buildRegistry(providerModules);

/** The config's `providers` section: one section per module, each with its own schema and defaults. */
export const providersConfigSchema = registry.configSchema as unknown as z.ZodPrefault<z.ZodObject<{ [M in Module as M['id']]: z.ZodPrefault<M['configSchema']> }>>;

export type ProvidersConfig = z.output<typeof providersConfigSchema>;

/** Each provider's own part of its account files (validated by the token store besides the common core). */
export const accountParts = registry.accountParts;

export function isProviderId(id: string): id is ProviderId {
  return registry.find(id) !== null;
}

export function findProviderModule(id: string): ProviderModule | null {
  return registry.find(id);
}

/** Every target the config turns on, in registry order. */
export function createTargets(config: ProvidersConfig, deps: TargetDeps): Target[] {
  return registry.createTargets(config, deps);
}

/** What GET /admin/providers answers: each provider as data, for the dashboard and the desktop shell. */
export function providerCatalog(): ProviderCatalogEntry[] {
  return registry.catalog();
}

/**
 * The commands that add an account, in words: "`switchboard login anthropic`, `switchboard import claude-code` or
 * `switchboard add <openai-key|…> <name>`" (the last for the providers whose accounts are API keys).
 */
export function addAccountCommands(): string {
  const keyProviders = providerModules.filter((module) => module.loginMethods.some((method) => method.kind === 'api-key')).map((module) => module.id);
  const commands = [
    ...providerModules.filter((module) => terminalLoginMethods(module).length > 0).map((module) => `login ${module.id}`),
    ...providerModules.flatMap((module) => module.importers.map((importer) => `import ${importer.id}`)),
    ...(keyProviders.length > 0 ? [`add <${keyProviders.join('|')}> <name>`] : []),
  ].map((command) => `\`${cliCommand(command)}\``);
  return commands.length <= 1 ? (commands[0] ?? '') : `${commands.slice(0, -1).join(', ')} or ${commands[commands.length - 1]}`;
}

/** The commands that log an account in, in words: "`switchboard login anthropic`". */
export function loginCommands(): string {
  return providerModules
    .filter((module) => terminalLoginMethods(module).length > 0)
    .map((module) => `\`${cliCommand(`login ${module.id}`)}\``)
    .join(' or ');
}
