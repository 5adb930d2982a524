import type { Connection, Protocol } from '../protocol.js';
import { openAIProtocol } from '../openai-common/openai-protocol.js';
import { chatPassthroughWatch } from './chat-passthrough-watch.js';
import { readChatOpening } from './chat-opening.js';
import { chatStreamToIr } from './chat-stream-to-ir.js';
import { convertToChatRequest, type ChatDialect } from './convert-to-chat-request.js';

/**
 * OpenAI Chat Completions, for any target that speaks it: Chat clients pass through, the others go through the
 * IR. `dialect` says whether the upstream is OpenAI itself or a compatible server (convert-to-chat-request.ts).
 */
export function openAIChatProtocol<C>(connection: Connection<C>, options: { dialect: ChatDialect }): Protocol<C> {
  return openAIProtocol(
    {
      id: 'openai-chat',
      nativeFormat: 'chat',
      endpoint: 'chat/completions',
      convert: (request, upstreamModel) => convertToChatRequest(request, upstreamModel, { dialect: options.dialect }),
      streamToIr: chatStreamToIr,
      readOpening: readChatOpening,
      watch: chatPassthroughWatch,
    },
    connection,
  );
}
