import { z } from 'zod';
import type { AccountParts } from '../accounts/account-file.js';
import type { ProviderCatalogEntry } from './catalog.js';
import type { ProviderModule, TargetDeps } from './provider-module.js';
import type { Target } from './provider.js';

/**
 * What Switchboard builds from a list of provider modules: the config's `providers` section, the account files'
 * provider parts, the targets a config turns on and the catalog. providers/index.ts builds it from the registry's
 * list; a test may build it from a list with one more module, to show that a module needs nothing else.
 */
export function buildRegistry(modules: readonly ProviderModule[]) {
  return {
    configSchema: z.strictObject(Object.fromEntries(modules.map((module) => [module.id, module.configSchema.prefault({})]))).prefault({}),
    accountParts: new Map(modules.map((module) => [module.id, module.accountPart])) as AccountParts,
    createTargets: (config: Record<string, unknown>, deps: TargetDeps): Target[] =>
      modules.flatMap((module) => module.createTargets(config[module.id], { ...deps, accountFiles: deps.accountFiles.filter((file) => file.provider === module.id) })),
    catalog: (): ProviderCatalogEntry[] =>
      modules.map((module) => ({
        id: module.id,
        displayName: module.displayName,
        credentialKinds: module.credentialKinds,
        protocol: module.protocol,
        loginMethods: module.loginMethods,
        importers: module.importers.map(({ id, label }) => ({ id, label })),
        policyNote: module.policyNote,
        quotaSources: module.quotaSources,
      })),
    find: (id: string): ProviderModule | null => modules.find((module) => module.id === id) ?? null,
  };
}
