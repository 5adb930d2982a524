import { z } from 'zod';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import { openAIChatProtocol } from '../../protocols/openai-chat/protocol.js';
import type { CredentialSource } from '../../protocols/protocol.js';
import { keyAccountPart, keyProviderModule } from '../key-target.js';

/** A local server (Ollama, LM Studio, vLLM) may take no key: its file says so, and no Authorization is sent. */
const compatAccountPart = keyAccountPart.extend({ keyless: z.boolean().optional() });

/** The key as a Bearer token, or nothing for a keyless instance. */
const compatCredentials: CredentialSource<ProviderCredentials> = {
  headers: ({ account, accessToken }): Record<string, string> => (compatAccountPart.safeParse(account.data).data?.keyless ? {} : { authorization: `Bearer ${accessToken}` }),
};

/**
 * Any OpenAI-compatible endpoint (OpenRouter, Ollama, LM Studio, vLLM…): Chat Completions, which all of them
 * speak — Chat clients pass through, Responses and Anthropic clients go through the IR. Each instance
 * ("compat:ollama") has its own base URL, key (optional) and models: those its file names, and its GET /models
 * list when the server has one.
 */
export const compatModule = keyProviderModule({
  id: 'compat',
  displayName: 'OpenAI-compatible endpoint',
  protocol: 'openai-chat',
  accountPart: compatAccountPart,
  login: { label: 'Add an OpenAI-compatible endpoint', baseUrl: { required: true, placeholder: 'http://localhost:11434/v1' }, keyRequired: false },
  defaultBaseUrl: null,
  credentials: compatCredentials,
  connect: (connection) => openAIChatProtocol(connection, { dialect: 'compatible' }),
  defaultClientModel: '',
});
