import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { anthropicFormat } from '../../wire/anthropic/anthropic-format.js';
import { chatFormat } from '../../wire/chat/chat-format.js';
import type { IREvent } from '../../wire/ir.js';
import { responsesFormat } from '../../wire/responses/responses-format.js';
import { formatFetch } from '../../wire/__fixtures__/format-fetch.js';

/**
 * The three official client SDKs, each served `events` through its own format's renderers: what a protocol's
 * reader produced must read as a valid stream to every client (test helper, not a shipped code path).
 */
export function sdkClientsServing(events: IREvent[]) {
  const serve = (format: Parameters<typeof formatFetch>[0], responseId: string) => formatFetch(format, () => events, { responseId }).fetch;
  return {
    chat: new OpenAI({ apiKey: 'test', baseURL: 'http://switchboard.test/v1', fetch: serve(chatFormat, 'chatcmpl-test'), maxRetries: 0 }),
    responses: new OpenAI({ apiKey: 'test', baseURL: 'http://switchboard.test/v1', fetch: serve(responsesFormat, 'resp_test'), maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: 'test', baseURL: 'http://switchboard.test', fetch: serve(anthropicFormat, 'msg_test'), maxRetries: 0 }),
  };
}

/** What each SDK's stream helper assembled from the rendered stream: its text, tool calls and token counts. */
export async function assembledBySdks(events: IREvent[], tools: Array<{ name: string }> = []) {
  const { chat, responses, anthropic } = sdkClientsServing(events);
  const functionTools = tools.map((tool) => ({ type: 'function' as const, name: tool.name, parameters: { type: 'object', properties: {} } }));
  const chatFinal = await chat.chat.completions
    .stream({ model: 'client-model', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true }, ...(tools.length > 0 ? { tools: functionTools.map(({ name, parameters }) => ({ type: 'function' as const, function: { name, parameters } })) } : {}) })
    .finalChatCompletion();
  const responsesFinal = await responses.responses.stream({ model: 'client-model', input: 'hi', ...(tools.length > 0 ? { tools: functionTools.map((tool) => ({ ...tool, strict: false })) } : {}) }).finalResponse();
  const anthropicFinal = await anthropic.messages
    .stream({ model: 'client-model', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...(tools.length > 0 ? { tools: tools.map((tool) => ({ name: tool.name, input_schema: { type: 'object' as const } })) } : {}) })
    .finalMessage();
  return {
    chat: {
      text: chatFinal.choices[0]?.message.content ?? null,
      toolCalls: (chatFinal.choices[0]?.message.tool_calls ?? []).map((call) => (call.type === 'function' ? { name: call.function.name, arguments: call.function.arguments } : null)),
      finishReason: chatFinal.choices[0]?.finish_reason,
      usage: chatFinal.usage,
    },
    responses: {
      text: responsesFinal.output_text,
      toolCalls: responsesFinal.output.flatMap((item) => (item.type === 'function_call' ? [{ name: item.name, arguments: item.arguments }] : [])),
      status: responsesFinal.status,
      usage: responsesFinal.usage,
    },
    anthropic: {
      text: anthropicFinal.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join(''),
      toolCalls: anthropicFinal.content.flatMap((block) => (block.type === 'tool_use' ? [{ name: block.name, input: block.input }] : [])),
      stopReason: anthropicFinal.stop_reason,
      usage: anthropicFinal.usage,
    },
  };
}
