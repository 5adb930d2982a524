import { staticKeyCredentials } from '../../credentials/static-key.js';
import { eachNative } from '../../protocols/each-native.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/protocol.js';
import { openAIResponsesProtocol } from '../../protocols/openai-responses/protocol.js';
import { keyProviderModule } from '../key-target.js';

/**
 * OpenAI API keys: Responses clients pass through to /v1/responses, Chat clients to /v1/chat/completions, and the
 * others (Anthropic's) go through the IR to Responses, OpenAI's newest API. Models come from GET /v1/models.
 */
export const openAIKeyModule = keyProviderModule({
  id: 'openai-key',
  displayName: 'OpenAI API key',
  protocol: 'openai-responses',
  login: { label: 'Add an OpenAI API key', baseUrl: { required: false, placeholder: 'https://api.openai.com/v1' }, keyRequired: true },
  defaultBaseUrl: 'https://api.openai.com/v1',
  credentials: staticKeyCredentials('bearer'),
  connect: (connection) => eachNative(openAIResponsesProtocol(connection), [openAIChatProtocol(connection, { dialect: 'openai' })]),
  defaultClientModel: 'gpt-5',
});
