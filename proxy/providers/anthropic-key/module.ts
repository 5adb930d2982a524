import { staticKeyCredentials } from '../../credentials/static-key.js';
import { anthropicMessagesProtocol } from '../../protocols/anthropic-messages/protocol.js';
import { keyProviderModule } from '../key-target.js';

/**
 * Anthropic API keys: the Messages API with `x-api-key`, Anthropic clients (and count_tokens) passed through, the
 * others through the IR. Each instance ("anthropic-key:work") pools its keys; its models come from GET /v1/models.
 */
export const anthropicKeyModule = keyProviderModule({
  id: 'anthropic-key',
  displayName: 'Anthropic API key',
  protocol: 'anthropic-messages',
  login: { label: 'Add an Anthropic API key', baseUrl: { required: false, placeholder: 'https://api.anthropic.com' }, keyRequired: true },
  defaultBaseUrl: 'https://api.anthropic.com',
  credentials: staticKeyCredentials('x-api-key'),
  connect: (connection) => anthropicMessagesProtocol(connection),
  // GET /v1/models lists dated ids (claude-haiku-4-5-20251001) while the API takes the undated aliases clients send
  // (claude-haiku-4-5): without this a chain silently loses the key for those names.
  accepts: (id) => id.toLowerCase().startsWith('claude-'),
  defaultClientModel: 'claude-sonnet-4-6',
});
