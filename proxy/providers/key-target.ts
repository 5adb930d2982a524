import { z } from 'zod';
import { instanceTargetId, type AccountFile } from '../accounts/account-file.js';
import type { ProviderCredentials } from '../accounts/account-pool.js';
import { cliCommand } from '../cli-command.js';
import { httpUrl, selectionStrategies } from '../config/fields.js';
import { ModelDirectory } from '../models/model-directory.js';
import { modelsWithAliases } from '../models/model-info.js';
import type { Connection, CredentialSource, Protocol, ProtocolId } from '../protocols/protocol.js';
import { markingNetworkFailures } from '../upstream/network-failure.js';
import { refusingRedirects } from '../upstream/no-redirects.js';
import { apiKeyLogin, noLoginRunners, type ApiKeyLoginOptions } from './api-key-login.js';
import type { ProviderModule, TargetDeps } from './provider-module.js';
import type { Target } from './provider.js';

/** The config section of a provider whose targets are named instances: what applies to all of them. */
export function keyProviderConfigSchema(defaultClientModel: string) {
  return z.strictObject({
    enabled: z.boolean().default(true),
    strategy: z.enum(selectionStrategies).default('round-robin'),
    aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
    /**
     * The model client setup writes for a client that needs one (the Codex CLI), for an instance whose file names
     * none: the newest of its family an instance's model list has ("gpt-5" → "gpt-5.1"), else this name itself.
     */
    'default-client-model': z.string().default(defaultClientModel),
  });
}

export type KeyProviderConfigSchema = ReturnType<typeof keyProviderConfigSchema>;

/**
 * An API-key provider's part of an account file: the instance's settings travel with its key, so an instance is
 * added by writing one file (the CLI, the admin API and the dashboard do) and never by editing the config.
 */
export const keyAccountPart = z.looseObject({
  instance: z.string().min(1, 'names the instance (e.g. "work"): an API key belongs to a named target'),
  /** The instance's base URL; the provider's default when absent. The key is sent only there. */
  base_url: httpUrl.optional(),
  /** The models the instance serves; absent: read from its model list. */
  models: z.array(z.string().min(1)).optional(),
});

export interface KeyInstance {
  name: string;
  baseUrl: string;
  /** Named in the key file: served as they are even before (or without) a model list. */
  models: readonly string[];
}

/**
 * The instances the account files define, in name order. Keys of one instance pool together; its settings are read
 * from the first of its files that gives them (they are written the same for each key).
 */
export function keyInstances(files: readonly AccountFile[], defaultBaseUrl: string | null): KeyInstance[] {
  const byName = new Map<string, KeyInstance>();
  for (const file of files) {
    const part = keyAccountPart.safeParse(file);
    if (!part.success) continue;
    const known = byName.get(part.data.instance);
    const baseUrl = known?.baseUrl || part.data.base_url || defaultBaseUrl || '';
    byName.set(part.data.instance, { name: part.data.instance, baseUrl, models: known?.models.length ? known.models : (part.data.models ?? []) });
  }
  return [...byName.values()].filter((instance) => instance.baseUrl !== '').sort((a, b) => a.name.localeCompare(b.name));
}

export interface KeyTargetSpec {
  provider: string;
  /** The provider's name a person knows ("OpenAI API key"); the instance's name is added. */
  displayName: string;
  instance: KeyInstance;
  aliases: Readonly<Record<string, string>>;
  credentials: CredentialSource<ProviderCredentials>;
  protocol(connection: Connection<ProviderCredentials>): Protocol<ProviderCredentials>;
  /** Ids forwarded even when no list names them (an Anthropic key takes any `claude-…`); by default only listed ones. */
  accepts?: (id: string) => boolean;
  /** The config's `default-client-model` ('' for none). */
  defaultClientModel: string;
}

/** One named instance of an API-key provider as a target: its own base URL and models, its keys pooled, no refresh. */
export function keyTarget(spec: KeyTargetSpec, deps: TargetDeps): Target {
  const id = instanceTargetId(spec.provider, spec.instance.name);
  const named = new Set(spec.instance.models.map((model) => model.toLowerCase()));
  const modelDirectory = new ModelDirectory({
    builtIn: spec.instance.models.map((model) => ({ id: model, displayName: model, createdAt: null })),
    families: [],
    aliases: spec.aliases,
    accepts: (model) => named.has(model.toLowerCase()) || (spec.accepts?.(model) ?? false),
  });
  const protocol = spec.protocol({
    baseUrl: spec.instance.baseUrl,
    fetch: refusingRedirects(markingNetworkFailures(deps.fetch)),
    credentials: spec.credentials,
    accountCallTimeoutMs: deps.refreshTimeoutMs,
  });
  return {
    id,
    provider: spec.provider,
    costBasis: 'billed',
    definedBy: JSON.stringify({ baseUrl: spec.instance.baseUrl, models: spec.instance.models }),
    displayName: `${spec.displayName} "${spec.instance.name}"`,
    loginHint: cliCommand(`add ${spec.provider} ${spec.instance.name}`),
    accountHeaders: [],
    // Read when asked: the live model list may have a newer model of the family since.
    get defaultClientModel() {
      return modelDirectory.newestOfFamily(spec.defaultClientModel) ?? spec.instance.models[0] ?? spec.defaultClientModel;
    },
    modelDirectory,
    addedInputTokens: 0,
    defaultMaxOutputTokens: 32_000,
    protocol,
    models: () => modelsWithAliases(spec.provider, modelDirectory),
    resolveModel: (name) => modelDirectory.resolve(name),
    quotaFromHeaders: () => null,
  };
}

/** What sets one API-key provider apart from another; the rest of its module is the same for all of them. */
export interface KeyProviderSpec<Id extends string> {
  id: Id;
  /** The name a person knows, e.g. "OpenAI API key". */
  displayName: string;
  protocol: ProtocolId;
  /** Its part of a key file, when it keeps more than keyAccountPart. */
  accountPart?: z.ZodType;
  /** The dashboard's form for adding a key (the catalog's `api-key` login method). */
  login: ApiKeyLoginOptions;
  /** Where an instance's requests go when its file names no base URL; null: every instance must name one. */
  defaultBaseUrl: string | null;
  credentials: CredentialSource<ProviderCredentials>;
  connect(connection: Connection<ProviderCredentials>): Protocol<ProviderCredentials>;
  accepts?: KeyTargetSpec['accepts'];
  /** The default of the config's `default-client-model`: the model client setup writes for a client that needs one ('' for none known). */
  defaultClientModel: string;
}

/**
 * The provider module of API keys of one kind: each instance ("openai-key:personal") is defined by its key files
 * (keyInstances), so adding one writes a file, and the module's own folder says only what sets it apart.
 */
export function keyProviderModule<Id extends string>(spec: KeyProviderSpec<Id>): ProviderModule<Id, KeyProviderConfigSchema> {
  return {
    id: spec.id,
    displayName: spec.displayName,
    configSchema: keyProviderConfigSchema(spec.defaultClientModel),
    accountPart: spec.accountPart ?? keyAccountPart,
    credentialKinds: ['api-key'],
    protocol: spec.protocol,
    loginMethods: [apiKeyLogin(spec.login)],
    logins: noLoginRunners,
    importers: [],
    policyNote: null,
    quotaSources: [],
    createTargets(section, deps) {
      if (!section.enabled) return [];
      return keyInstances(deps.accountFiles, spec.defaultBaseUrl).map((instance) =>
        keyTarget(
          {
            provider: spec.id,
            displayName: spec.displayName,
            instance,
            aliases: section.aliases,
            credentials: spec.credentials,
            protocol: spec.connect,
            ...(spec.accepts ? { accepts: spec.accepts } : {}),
            defaultClientModel: section['default-client-model'],
          },
          deps,
        ),
      );
    },
  };
}
