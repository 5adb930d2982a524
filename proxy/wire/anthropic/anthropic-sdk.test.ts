import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { formatFetch } from '../__fixtures__/format-fetch.js';
import type { IREvent } from '../ir.js';
import { anthropicFormat } from './anthropic-format.js';

const usage = { inputTokens: 20, outputTokens: 40, cacheReadTokens: 3, cacheWriteTokens: 0, reasoningTokens: null, estimated: false };

const conversation: IREvent[] = [
  { type: 'message-start', id: 'upstream', model: 'gpt-5', usage: { ...usage, outputTokens: 0 } },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'The user wants the weather.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Let me ' },
  { type: 'text-delta', index: 1, text: 'check.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage },
];

const expectedContent = [
  { type: 'thinking', thinking: 'The user wants the weather.', signature: 'sig' },
  { type: 'text', text: 'Let me check.' },
  { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
];

/** The official SDK, its fetch answering every request with `events` through the Anthropic format. */
function clientAnswering(events: IREvent[]): Anthropic {
  const { fetch } = formatFetch(anthropicFormat, () => events, { responseId: 'msg_sdk' });
  return new Anthropic({ apiKey: 'x', baseURL: 'http://switchboard.test', fetch, maxRetries: 0 });
}

describe('the official Anthropic SDK reads what the Anthropic format renders', () => {
  const params = { model: 'claude-via-switchboard', max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'Weather in Paris?' }] };

  it('streams into a complete message (messages.stream().finalMessage())', async () => {
    const message = await clientAnswering(conversation).messages.stream(params).finalMessage();
    expect(message).toMatchObject({
      id: 'msg_sdk',
      model: 'claude-via-switchboard',
      role: 'assistant',
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 40, cache_read_input_tokens: 3, cache_creation_input_tokens: 0 },
    });
    expect(message.content).toEqual(expectedContent.map((block) => expect.objectContaining(block)));
  });

  it('reads the non-streaming body (messages.create)', async () => {
    const message = await clientAnswering(conversation).messages.create(params);
    expect(message).toMatchObject({ id: 'msg_sdk', model: 'claude-via-switchboard', stop_reason: 'tool_use', content: expectedContent });
  });

  it('gets no thinking blocks when it did not turn thinking on, though the model reasoned (content[0] is its text)', async () => {
    const { thinking: _thinking, ...withoutThinking } = params;
    const streamed = await clientAnswering(conversation).messages.stream(withoutThinking).finalMessage();
    const whole = await clientAnswering(conversation).messages.create(withoutThinking);
    for (const message of [streamed, whole]) expect(message.content).toEqual(expectedContent.slice(1).map((block) => expect.objectContaining(block)));
  });

  it('throws the error a stream ended with', async () => {
    const client = clientAnswering([conversation[0]!, { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded right now' } }]);
    await expect(client.messages.stream(params).finalMessage()).rejects.toThrow(/Overloaded right now/);
  });
});
