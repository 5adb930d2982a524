/**
 * A whole provider module that is in no registry: an Anthropic API key (the Messages API with a static `x-api-key`).
 * proxy/providers/new-provider.test.ts plugs it into a registry built with it, to show that a provider is this one
 * folder plus a registry line. It is the shape the real `anthropic-key` provider will take.
 */
import { z } from 'zod';
import { httpUrl, selectionStrategies } from '../../../config/fields.js';
import { staticKeyCredentials } from '../../../credentials/static-key.js';
import { ModelDirectory } from '../../../models/model-directory.js';
import { modelsWithAliases } from '../../../models/model-info.js';
import { anthropicMessagesProtocol } from '../../../protocols/anthropic-messages/protocol.js';
import { markingNetworkFailures } from '../../../upstream/network-failure.js';
import { refusingRedirects } from '../../../upstream/no-redirects.js';
import type { ProviderModule } from '../../provider-module.js';

const configSchema = z.strictObject({
  enabled: z.boolean().default(true),
  strategy: z.enum(selectionStrategies).default('sticky'),
  'base-url': httpUrl.default('https://api.anthropic.com'),
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
});

export const exampleKeyModule = {
  id: 'example-key',
  displayName: 'Anthropic API key',
  configSchema,
  // The key is the account's access_token; nothing else is kept.
  accountPart: z.looseObject({}),
  credentialKinds: ['api-key'],
  protocol: 'anthropic-messages',
  loginMethods: [],
  logins: {},
  importers: [],
  policyNote: null,
  quotaSources: ['headers'],
  createTargets(section, deps) {
    if (!section.enabled) return [];
    const modelDirectory = new ModelDirectory({ builtIn: [], families: [], aliases: section.aliases, accepts: (id) => id.startsWith('claude-') });
    const protocol = anthropicMessagesProtocol({
      baseUrl: section['base-url'],
      fetch: refusingRedirects(markingNetworkFailures(deps.fetch)),
      credentials: staticKeyCredentials('x-api-key'),
      accountCallTimeoutMs: deps.refreshTimeoutMs,
    });
    return [
      {
        id: 'example-key',
        provider: 'example-key',
        costBasis: 'billed',
        displayName: 'Anthropic API key',
        loginHint: 'add the key to auth-dir',
        accountHeaders: [],
        defaultClientModel: 'claude-sonnet-4-6',
        modelDirectory,
        addedInputTokens: 0,
        defaultMaxOutputTokens: 32_000,
        protocol,
        models: () => modelsWithAliases('example-key', modelDirectory),
        resolveModel: (name) => modelDirectory.resolve(name),
        quotaFromHeaders: () => null,
      },
    ];
  },
} as const satisfies ProviderModule<'example-key', typeof configSchema>;
