import type { WireFormat } from '../wire-format.js';
import { renderChatError } from './chat-error.js';
import { parseChatRequest } from './parse-chat-request.js';
import { renderChatResponse } from './render-chat-response.js';
import { chatStreamRenderer } from './render-chat-stream.js';

/** OpenAI Chat Completions (`POST /v1/chat/completions`), served through the IR. */
export const chatFormat: WireFormat = {
  id: 'chat',
  parseRequest: parseChatRequest,
  streamRenderer: chatStreamRenderer,
  renderResponse: renderChatResponse,
  // OpenAI's error body has no request id; it travels in the x-request-id header.
  renderError: (error) => renderChatError(error),
};
