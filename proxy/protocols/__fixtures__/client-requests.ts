import { readFileSync } from 'node:fs';
import { parseAnthropicRequest } from '../../wire/anthropic/parse-anthropic-request.js';
import { parseChatRequest } from '../../wire/chat/parse-chat-request.js';
import { parseResponsesRequest } from '../../wire/responses/parse-responses-request.js';
import type { ParsedRequest } from '../../wire/wire-format.js';

/**
 * The recorded client requests (client-requests/README.md), each parsed by its own client format: the IR every
 * upstream protocol's snapshot test converts (test helper, not a shipped code path).
 */
const PARSERS = { messages: parseAnthropicRequest, chat: parseChatRequest, responses: parseResponsesRequest } as const;

export const CLIENT_REQUESTS = ['claude-code.messages', 'codex-cli.responses', 'openai-sdk.chat', 'anthropic-sdk.messages'] as const;
export type ClientRequestName = (typeof CLIENT_REQUESTS)[number];

export function parsedClientRequest(name: ClientRequestName): ParsedRequest {
  const body = JSON.parse(readFileSync(new URL(`./client-requests/${name}.json`, import.meta.url), 'utf8')) as unknown;
  const format = name.split('.')[1] as keyof typeof PARSERS;
  return PARSERS[format](body);
}
