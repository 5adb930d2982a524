import type { IRResponse } from '../ir.js';
import type { RenderContext } from '../wire-format.js';
import type { ChatCompletion, ChatCompletionMessage, ChatToolCall } from './chat-api.js';
import { mapChatFinishReason } from './map-chat-finish-reason.js';
import { renderChatUsage } from './render-chat-usage.js';

/** A complete IR response as a `chat.completion` body, the same message a streaming client assembles. */
export function renderChatResponse(response: IRResponse, context: RenderContext): ChatCompletion {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const part of response.content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'reasoning') reasoning.push(part.text);
    // "" is not JSON, and Chat clients JSON.parse the arguments (the stream sends `{}` too).
    else toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments || '{}' } });
  }
  const reasoningText = reasoning.join('');

  const message: ChatCompletionMessage = {
    role: 'assistant',
    // OpenAI answers a turn of only tool calls with content null.
    content: texts.length > 0 || toolCalls.length === 0 ? texts.join('') : null,
    ...(reasoningText ? { reasoning_content: reasoningText } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    refusal: null,
    annotations: [],
  };
  return {
    id: context.responseId,
    object: 'chat.completion',
    created: context.created,
    model: context.requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapChatFinishReason(response.stopReason, toolCalls.length > 0) }],
    usage: renderChatUsage(response.usage),
  };
}
