import { describe, expect, it } from 'vitest';
import { aggregateStream } from '../../wire/aggregate.js';
import type { IREvent } from '../../wire/ir.js';
import { irRequest } from '../../wire/ir.js';
import { translateAll } from '../../wire/stream-translator.js';
import { chatSse, recordedJson, recordedLines, type JsonObject } from '../__fixtures__/recorded.js';
import { chatStreamToIr } from './chat-stream-to-ir.js';

const read = (chunks: readonly unknown[], options: { done?: boolean } = {}) => translateAll(chatStreamToIr(), chatSse(chunks, options));
const chunk = (delta: JsonObject, finishReason: string | null = null, extra: JsonObject = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-5-mini',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  ...extra,
});
const usageChunk = (usage: JsonObject) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-5-mini', choices: [], usage });
const types = (events: IREvent[]) => events.map((event) => event.type);

describe('chatStreamToIr', () => {
  it('reads a recorded OpenAI stream: text deltas, the finish reason, then the usage chunk', async () => {
    const events = read(recordedLines('./__fixtures__/openai-text.chunks.txt', import.meta.url));
    expect(events[0]).toEqual({ type: 'message-start', id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0', model: 'gpt-4.1-nano-2025-04-14', usage: null });
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'end_turn',
      stopSequence: null,
      usage: { inputTokens: 16, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
    });
    const response = await aggregateStream(events);
    expect(response.content).toHaveLength(1);
    expect(response.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^\*\*Holiday Name/) });
  });

  it("reads Azure's model router stream: the prompt filter chunk (no choices, no id) is skipped, reasoning tokens counted", () => {
    const events = read(recordedLines('./__fixtures__/azure-model-router.1.chunks.txt', import.meta.url));
    expect(events[0]).toMatchObject({ type: 'message-start', id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt', model: 'gpt-5-nano-2025-08-07' });
    expect(events.at(-1)).toMatchObject({ type: 'finish', stopReason: 'end_turn', usage: { outputTokens: 78, reasoningTokens: 64 } });
    expect(events.filter((event) => event.type === 'text-delta').map((event) => (event as { text: string }).text).join('')).toBe('Capital of Denmark.');
  });

  it('opens a tool call per Chat index and sends argument deltas to it, also when two calls interleave', () => {
    const events = read([
      chunk({ role: 'assistant', content: 'Checking.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"tz":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo"}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '"CET"}' } }] }),
      chunk({}, 'tool_calls'),
      usageChunk({ prompt_tokens: 50, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 30 } }),
    ]);
    expect(events).toEqual([
      { type: 'message-start', id: 'chatcmpl-1', model: 'gpt-5-mini', usage: null },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Checking.' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_a', name: 'weather' },
      { type: 'tool-call-start', index: 2, id: 'call_b', name: 'time' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"tz":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Oslo"}' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '"CET"}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'tool-call-end', index: 2 },
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 0, reasoningTokens: null, estimated: false } },
      { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: { inputTokens: 20, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 0, reasoningTokens: null, estimated: false } },
    ]);
  });

  it('takes a whole tool call without an index (as some compatible servers send it) as a new call each time', () => {
    const events = read([
      chunk({ tool_calls: [{ id: 'call_1', function: { name: 'a', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ id: 'call_2', function: { name: 'b', arguments: '{"x":1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.filter((event) => event.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'a' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'b' },
    ]);
  });

  it('reads reasoning where compatible servers send it (reasoning_content, or reasoning), before the text', () => {
    for (const field of ['reasoning_content', 'reasoning']) {
      const events = read([chunk({ role: 'assistant', [field]: 'Let me think' }), chunk({ [field]: '.' }), chunk({ content: 'Yes.' }), chunk({}, 'stop')]);
      expect(events.slice(1, 8)).toEqual([
        { type: 'reasoning-start', index: 0 },
        { type: 'reasoning-delta', index: 0, text: 'Let me think' },
        { type: 'reasoning-delta', index: 0, text: '.' },
        { type: 'reasoning-end', index: 0 },
        { type: 'text-start', index: 1 },
        { type: 'text-delta', index: 1, text: 'Yes.' },
        { type: 'text-end', index: 1 },
      ]);
    }
  });

  it('maps the finish reasons', () => {
    const stop = (reason: string) => read([chunk({ content: 'x' }), chunk({}, reason)]).at(-1);
    expect(stop('length')).toMatchObject({ type: 'finish', stopReason: 'max_tokens' });
    expect(stop('content_filter')).toMatchObject({ stopReason: 'refusal' });
    expect(stop('function_call')).toMatchObject({ stopReason: 'tool_use' });
    expect(stop('stop')).toMatchObject({ stopReason: 'end_turn' });
  });

  it('sends a refusal as text and ends the turn as a refusal', () => {
    const events = read([chunk({ refusal: "I can't help with that." }), chunk({}, 'stop')]);
    expect(events).toContainEqual({ type: 'text-delta', index: 0, text: "I can't help with that." });
    expect(events.at(-1)).toMatchObject({ type: 'finish', stopReason: 'refusal' });
  });

  it('ends with an IR error on an error event inside the stream, keeping its message', () => {
    const events = read([chunk({ content: 'Hel' }), { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } }], { done: false });
    expect(events.at(-1)).toEqual({ type: 'error', error: { kind: 'api_error', status: 500, message: 'The server had an error' } });
    const limited = read([chunk({ content: 'Hel' }), { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }]);
    expect(limited.at(-1)).toEqual({ type: 'error', error: { kind: 'rate_limit', status: 429, message: 'Rate limit reached' } });
  });

  it('ends with an IR error on data that is not JSON, or not a chunk', () => {
    const notJson = translateAll(chatStreamToIr(), [...chatSse([chunk({ content: 'a' })], { done: false }), { event: 'message', data: '{"id":"x","choi' }]);
    expect(notJson.at(-1)).toMatchObject({ type: 'error', error: { kind: 'api_error', status: 502, message: expect.stringMatching(/not JSON/) } });
    const wrongShape = read([chunk({ content: 'a' }), chunk({ content: 42 })]);
    expect(wrongShape.at(-1)).toMatchObject({ type: 'error', error: { status: 502, message: expect.stringMatching(/malformed chat.completion.chunk at choices.0.delta.content/) } });
    const unnamed = read([chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] })]);
    expect(unnamed.at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/never named/) } });
  });

  it('is whole after a finish reason even without [DONE]; incomplete without one', () => {
    expect(read([chunk({ content: 'a' }), chunk({}, 'stop')], { done: false }).at(-1)).toMatchObject({ type: 'finish', stopReason: 'end_turn' });
    expect(read([chunk({ content: 'a' })], { done: false }).at(-1)).toEqual({ type: 'error', error: expect.objectContaining({ status: 502, message: expect.stringMatching(/ended before/) }) });
    expect(read([chunk({ content: 'a' })]).at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/\(\[DONE\]\) before/) } });
  });

  it('marks the usage as not the upstream count when the server sent none', () => {
    expect(read([chunk({ content: 'a' }), chunk({}, 'stop')]).at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 0, outputTokens: 0, estimated: true } });
  });

  it('emits nothing after [DONE], and refuses more of the answer after its finish reason', () => {
    const events = translateAll(chatStreamToIr(), chatSse([chunk({ content: 'a' }), chunk({}, 'stop')]).concat(chatSse([chunk({ content: 'late' })], { done: false })));
    expect(types(events)).toEqual(['message-start', 'text-start', 'text-delta', 'text-end', 'finish']);
    const late = read([chunk({ content: 'a' }), chunk({}, 'stop'), chunk({ content: 'late' })]);
    expect(late.at(-1)).toMatchObject({ type: 'error', error: { status: 502, message: expect.stringMatching(/after its finish_reason/) } });
  });

  it('gives the same response as the recorded non-streaming body for the same kind of answer', async () => {
    const body = recordedJson('./__fixtures__/openai-text.json', import.meta.url);
    const choice = (body['choices'] as JsonObject[])[0]!;
    const text = (choice['message'] as JsonObject)['content'] as string;
    const events = read([chunk({ role: 'assistant', content: '' }), chunk({ content: text.slice(0, 20) }), chunk({ content: text.slice(20) }), chunk({}, 'stop'), usageChunk(body['usage'] as JsonObject)]);
    const response = await aggregateStream(events);
    expect(response.content).toEqual([{ type: 'text', text }]);
    expect(irRequest({ model: 'x' }).stream).toBe(false);
  });
});
