import { describe, expect, it } from 'vitest';
import { recordedText } from '../__fixtures__/recorded.js';
import { chatCompletionToIr } from './chat-completion-to-ir.js';

const completion = (message: Record<string, unknown>, finishReason = 'stop', usage: unknown = undefined) =>
  JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion', created: 1, model: 'qwen3', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }], usage });

describe('chatCompletionToIr', () => {
  it('reads a recorded OpenAI body: its text, stop reason and usage', () => {
    const response = chatCompletionToIr(recordedText('./__fixtures__/openai-text.json', import.meta.url));
    expect(response).toMatchObject({
      id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      upstreamModel: 'gpt-4.1-nano-2025-04-14',
      stopReason: 'end_turn',
      stopSequence: null,
      usage: { inputTokens: 16, outputTokens: 363, cacheReadTokens: 0, reasoningTokens: 0, estimated: false },
    });
    expect(response.content).toEqual([{ type: 'text', text: expect.stringMatching(/^\*\*Holiday Name:\*\* Galaxy Day/) }]);
  });

  it('reads reasoning, text and tool calls, in that order', () => {
    const body = completion(
      { reasoning_content: 'Need weather.', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
      'tool_calls',
      { prompt_tokens: 100, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 12 } },
    );
    expect(chatCompletionToIr(body)).toEqual({
      id: 'chatcmpl-2',
      upstreamModel: 'qwen3',
      content: [
        { type: 'reasoning', text: 'Need weather.' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' },
      ],
      stopReason: 'tool_use',
      stopSequence: null,
      usage: { inputTokens: 36, outputTokens: 30, cacheReadTokens: 64, cacheWriteTokens: 0, reasoningTokens: 12, estimated: false },
    });
  });

  it('reads a refusal as text and a refusal stop; a body without usage as zeros marked as not counted', () => {
    expect(chatCompletionToIr(completion({ content: null, refusal: 'No.' }))).toMatchObject({
      content: [{ type: 'text', text: 'No.' }],
      stopReason: 'refusal',
      usage: { inputTokens: 0, estimated: true },
    });
  });

  it('refuses a body that is not JSON, or not a completion', () => {
    expect(() => chatCompletionToIr('<html>')).toThrow(/not JSON/);
    expect(() => chatCompletionToIr(JSON.stringify({ choices: [] }))).toThrow(/not a chat.completion at choices/);
    expect(() => chatCompletionToIr(completion({ content: 5 }))).toThrow(/at choices.0.message.content/);
  });
});
