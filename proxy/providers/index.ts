import { z } from 'zod';
import type { AccountParts } from '../accounts/account-file.js';
import { anthropicModule } from './anthropic/module.js';
import type { ProviderCatalogEntry } from './catalog.js';
import type { ProviderModule, TargetDeps } from './provider-module.js';
import type { Target } from './provider.js';

/**
 * The provider registry: one line per provider module. The config's `providers` section, the account files'
 * provider parts, the CLI's login and import, the admin API and the provider catalog are built from this list.
 */
export const providerModules = [anthropicModule] as const;

type Module = (typeof providerModules)[number];
export type ProviderId = Module['id'];

/** The config's `providers` section: one section per module, each with its own schema and defaults. */
export const providersConfigSchema = z
  .strictObject(
    Object.fromEntries(providerModules.map((module) => [module.id, module.configSchema.prefault({})])) as {
      [M in Module as M['id']]: z.ZodPrefault<M['configSchema']>;
    },
  )
  .prefault({});

export type ProvidersConfig = z.output<typeof providersConfigSchema>;

/** Each provider's own part of its account files (validated by the token store besides the common core). */
export const accountParts: AccountParts = new Map(providerModules.map((module) => [module.id, module.accountPart]));

export function isProviderId(id: string): id is ProviderId {
  return providerModules.some((module) => module.id === id);
}

export function findProviderModule(id: string): ProviderModule | null {
  return providerModules.find((module) => module.id === id) ?? null;
}

/** Every target the config turns on, in registry order. */
export function createTargets(config: ProvidersConfig, deps: TargetDeps): Target[] {
  return providerModules.flatMap((module) => module.createTargets(config[module.id], deps));
}

/** What GET /admin/providers answers: each provider as data, for the dashboard and the desktop shell. */
export function providerCatalog(): ProviderCatalogEntry[] {
  return providerModules.map((module) => ({
    id: module.id,
    displayName: module.displayName,
    credentialKinds: module.credentialKinds,
    protocol: module.protocol,
    loginMethods: module.loginMethods,
    importers: module.importers.map(({ id, label }) => ({ id, label })),
    policyNote: module.policyNote,
    quotaSources: module.quotaSources,
  }));
}
