import { staticKeyCredentials } from '../../credentials/static-key.js';
import { eachNative } from '../../protocols/each-native.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/protocol.js';
import { openAIResponsesProtocol } from '../../protocols/openai-responses/protocol.js';
import { keyAccountPart, keyInstances, keyProviderConfigSchema, keyTarget } from '../key-target.js';
import type { ProviderModule } from '../provider-module.js';
import { apiKeyLogin, noLoginRunners } from '../api-key-login.js';

const configSchema = keyProviderConfigSchema;

/**
 * OpenAI API keys: Responses clients pass through to /v1/responses, Chat clients to /v1/chat/completions, and the
 * others (Anthropic's) go through the IR to Responses, OpenAI's newest API. Models come from GET /v1/models.
 */
export const openAIKeyModule = {
  id: 'openai-key',
  displayName: 'OpenAI API key',
  configSchema,
  accountPart: keyAccountPart,
  credentialKinds: ['api-key'],
  protocol: 'openai-responses',
  loginMethods: [apiKeyLogin({ label: 'Add an OpenAI API key', baseUrl: { required: false, placeholder: 'https://api.openai.com/v1' }, keyRequired: true })],
  logins: noLoginRunners,
  importers: [],
  policyNote: null,
  quotaSources: [],
  relayedHeaders: [],
  createTargets(section, deps) {
    if (!section.enabled) return [];
    return keyInstances(deps.accountFiles, 'https://api.openai.com/v1').map((instance) =>
      keyTarget(
        {
          provider: 'openai-key',
          displayName: 'OpenAI API key',
          instance,
          aliases: section.aliases,
          credentials: staticKeyCredentials('bearer'),
          protocol: (connection) => eachNative(openAIResponsesProtocol(connection), [openAIChatProtocol(connection, { dialect: 'openai' })]),
          defaultClientModel: 'gpt-5',
        },
        deps,
      ),
    );
  },
} as const satisfies ProviderModule<'openai-key', typeof configSchema>;
