import { staticKeyCredentials } from '../../credentials/static-key.js';
import { anthropicMessagesProtocol } from '../../protocols/anthropic-messages/protocol.js';
import { keyAccountPart, keyInstances, keyProviderConfigSchema, keyTarget } from '../key-target.js';
import type { ProviderModule } from '../provider-module.js';
import { apiKeyLogin, noLoginRunners } from '../api-key-login.js';

const configSchema = keyProviderConfigSchema;

/**
 * Anthropic API keys: the Messages API with `x-api-key`, Anthropic clients (and count_tokens) passed through, the
 * others through the IR. Each instance ("anthropic-key:work") pools its keys; its models come from GET /v1/models.
 */
export const anthropicKeyModule = {
  id: 'anthropic-key',
  displayName: 'Anthropic API key',
  configSchema,
  accountPart: keyAccountPart,
  credentialKinds: ['api-key'],
  protocol: 'anthropic-messages',
  loginMethods: [apiKeyLogin({ label: 'Add an Anthropic API key', baseUrl: { required: false, placeholder: 'https://api.anthropic.com' }, keyRequired: true })],
  logins: noLoginRunners,
  importers: [],
  policyNote: null,
  quotaSources: [],
  relayedHeaders: [],
  createTargets(section, deps) {
    if (!section.enabled) return [];
    return keyInstances(deps.accountFiles, 'https://api.anthropic.com').map((instance) =>
      keyTarget(
        {
          provider: 'anthropic-key',
          displayName: 'Anthropic API key',
          instance,
          aliases: section.aliases,
          credentials: staticKeyCredentials('x-api-key'),
          protocol: (connection) => anthropicMessagesProtocol(connection),
          // GET /v1/models lists dated ids (claude-haiku-4-5-20251001) while the API takes the undated aliases
          // clients send (claude-haiku-4-5): without this a chain silently loses the key for those names.
          accepts: (id) => id.toLowerCase().startsWith('claude-'),
          defaultClientModel: 'claude-sonnet-4-6',
        },
        deps,
      ),
    );
  },
} as const satisfies ProviderModule<'anthropic-key', typeof configSchema>;
