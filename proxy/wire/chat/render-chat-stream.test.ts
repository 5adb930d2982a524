import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IREvent, IRUsage } from '../ir.js';
import type { SseFrame } from '../sse.js';
import { translateAll } from '../stream-translator.js';
import type { RenderContext } from '../wire-format.js';
import type { ChatDelta, ChatFinishReason } from './chat-api.js';
import { parseChatRequest } from './parse-chat-request.js';
import { CHAT_SSE_EVENT, chatStreamRenderer } from './render-chat-stream.js';

const usage: IRUsage = { inputTokens: 10, outputTokens: 20, cacheReadTokens: 100, cacheWriteTokens: 5, reasoningTokens: 7, estimated: false };

function contextFor(includeUsage: boolean, overrides: Partial<RenderContext> = {}): RenderContext {
  const { request } = parseChatRequest({
    model: 'gpt-5',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
    ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  return { requestedModel: 'gpt-5', created: 1_770_000_000, responseId: 'chatcmpl-test', request, ...overrides };
}

const payloads = (frames: readonly SseFrame[]): unknown[] => frames.map((frame) => (frame.data === '[DONE]' ? '[DONE]' : JSON.parse(frame.data)));

const render = (events: readonly IREvent[], includeUsage = false) => payloads(translateAll(chatStreamRenderer(contextFor(includeUsage)), events));

/** The chunk OpenAI would send for one delta. */
const chunk = (delta: ChatDelta, finishReason: ChatFinishReason | null = null, extra: object = {}) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion.chunk',
  created: 1_770_000_000,
  model: 'gpt-5',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  ...extra,
});
const opening = { role: 'assistant', content: '', refusal: null } as const;

const start: IREvent = { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-6', usage: null };
const finish = (stopReason: Extract<IREvent, { type: 'finish' }>['stopReason']): IREvent => ({ type: 'finish', stopReason, stopSequence: null, usage });

describe('chatStreamRenderer', () => {
  it('streams text: an opening chunk with the role, one chunk per delta, the finish reason, [DONE]', () => {
    const frames = translateAll(chatStreamRenderer(contextFor(false)), [
      start,
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-delta', index: 0, text: '' },
      { type: 'text-delta', index: 0, text: ' world' },
      { type: 'text-end', index: 0 },
      finish('end_turn'),
    ]);
    expect(payloads(frames)).toEqual([chunk(opening), chunk({ content: 'Hello' }), chunk({ content: ' world' }), chunk({}, 'stop'), '[DONE]']);
    expect(frames.every((frame) => frame.event === CHAT_SSE_EVENT)).toBe(true);
  });

  it('streams reasoning as reasoning_content before the answer', () => {
    expect(
      render([
        start,
        { type: 'reasoning-start', index: 0 },
        { type: 'reasoning-delta', index: 0, text: 'Think' },
        { type: 'reasoning-delta', index: 0, text: 'ing.' },
        { type: 'reasoning-signature', index: 0, signature: 'sig' },
        { type: 'reasoning-end', index: 0 },
        { type: 'text-start', index: 1 },
        { type: 'text-delta', index: 1, text: 'Answer.' },
        { type: 'text-end', index: 1 },
        finish('max_tokens'),
      ]),
    ).toEqual([
      chunk(opening),
      chunk({ reasoning_content: 'Think' }),
      chunk({ reasoning_content: 'ing.' }),
      chunk({ content: 'Answer.' }),
      chunk({}, 'length'),
      '[DONE]',
    ]);
  });

  it('streams two parallel tool calls, numbered among tool calls, with interleaved argument deltas', () => {
    expect(
      render([
        start,
        { type: 'text-start', index: 0 },
        { type: 'text-delta', index: 0, text: 'Checking both.' },
        { type: 'text-end', index: 0 },
        { type: 'tool-call-start', index: 1, id: 'call_a', name: 'get_weather' },
        { type: 'tool-call-start', index: 2, id: 'call_b', name: 'get_weather' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
        { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '"Paris"}' },
        { type: 'tool-call-delta', index: 2, argumentsDelta: '"Rome"}' },
        { type: 'tool-call-end', index: 1 },
        { type: 'tool-call-end', index: 2 },
        finish('tool_use'),
      ]),
    ).toEqual([
      chunk(opening),
      chunk({ content: 'Checking both.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '"Rome"}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]);
  });

  it('gives a call without arguments "{}", and reports tool_calls even when the provider said end_turn', () => {
    expect(render([start, { type: 'tool-call-start', index: 0, id: 'call_now', name: 'now' }, { type: 'tool-call-end', index: 0 }, finish('end_turn')])).toEqual([
      chunk(opening),
      chunk({ tool_calls: [{ index: 0, id: 'call_now', type: 'function', function: { name: 'now', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]);
    // A call the provider never closed gets its "{}" at the finish.
    expect(render([start, { type: 'tool-call-start', index: 0, id: 'call_now', name: 'now' }, finish('tool_use')]).at(-3)).toEqual(
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
    );
  });

  it('with include_usage: usage null on every chunk, then a usage chunk without choices (cached tokens counted in)', () => {
    expect(render([start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Hi' }, { type: 'usage', usage }, finish('stop_sequence')], true)).toEqual([
      chunk(opening, null, { usage: null }),
      chunk({ content: 'Hi' }, null, { usage: null }),
      chunk({}, 'stop', { usage: null }),
      {
        id: 'chatcmpl-test',
        object: 'chat.completion.chunk',
        created: 1_770_000_000,
        model: 'gpt-5',
        choices: [],
        usage: {
          prompt_tokens: 115,
          completion_tokens: 20,
          total_tokens: 135,
          prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 5 },
          completion_tokens_details: { reasoning_tokens: 7 },
        },
      },
      '[DONE]',
    ]);
  });

  it('maps a refusal to content_filter', () => {
    expect(render([start, finish('refusal')]).at(-2)).toEqual(chunk({}, 'content_filter'));
  });

  it('ends an error in the middle with OpenAI’s error object and [DONE], and sends nothing after', () => {
    const renderer = chatStreamRenderer(contextFor(true));
    const state = renderer.initial();
    const frames = [
      ...renderer.step(state, start),
      ...renderer.step(state, { type: 'text-start', index: 0 }),
      ...renderer.step(state, { type: 'text-delta', index: 0, text: 'Par' }),
      ...renderer.step(state, { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded' } }),
    ];
    expect(payloads(frames)).toEqual([
      chunk(opening, null, { usage: null }),
      chunk({ content: 'Par' }, null, { usage: null }),
      { error: { message: 'Overloaded', type: 'server_error', param: null, code: null } },
      '[DONE]',
    ]);
    expect(renderer.step(state, { type: 'text-delta', index: 0, text: 'is' })).toEqual([]);
    expect(renderer.step(state, finish('end_turn'))).toEqual([]);
    expect(renderer.end(state)).toEqual([]);
  });

  it('reports a stream that stopped short as an error, not a silent truncation', () => {
    expect(render([start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Half' }])).toEqual([
      chunk(opening),
      chunk({ content: 'Half' }),
      { error: { message: 'the upstream stream ended before the response was complete', type: 'server_error', param: null, code: null } },
      '[DONE]',
    ]);
  });

  it('produces chunks field for field like a recorded OpenAI stream (fixtures/openai-text.chunks.txt)', () => {
    const recorded = readFileSync(new URL('./__fixtures__/openai-text.chunks.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RecordedChunk);
    const first = recorded[0]!;
    const last = recorded.at(-1)!;
    const texts = recorded.flatMap((item) => (item.choices[0]?.delta.content ? [item.choices[0].delta.content] : []));
    const events: IREvent[] = [
      { type: 'message-start', id: first.id, model: first.model, usage: null },
      { type: 'text-start', index: 0 },
      ...texts.map((text): IREvent => ({ type: 'text-delta', index: 0, text })),
      { type: 'text-end', index: 0 },
      {
        type: 'finish',
        stopReason: 'end_turn',
        stopSequence: null,
        usage: { inputTokens: last.usage!.prompt_tokens, outputTokens: last.usage!.completion_tokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
      },
    ];
    const context = contextFor(true, { responseId: first.id, created: first.created, requestedModel: first.model });
    const rendered = payloads(translateAll(chatStreamRenderer(context), events));

    expect(rendered.at(-1)).toBe('[DONE]');
    const chunks = rendered.slice(0, -1) as RecordedChunk[];
    expect(chunks).toHaveLength(recorded.length);
    // What we leave out on purpose: the backend's fingerprint and tier, and the anti-side-channel padding.
    const strip = ({ service_tier: _tier, system_fingerprint: _fingerprint, obfuscation: _padding, ...rest }: RecordedChunk) => rest;
    chunks.slice(0, -1).forEach((mine, index) => expect(mine).toEqual(strip(recorded[index]!)));

    const { usage: recordedUsage, ...recordedRest } = strip(last);
    const { usage: myUsage, ...myRest } = chunks.at(-1)!;
    expect(myRest).toEqual(recordedRest);
    expect(myUsage).toMatchObject({
      prompt_tokens: recordedUsage!.prompt_tokens,
      completion_tokens: recordedUsage!.completion_tokens,
      total_tokens: recordedUsage!.total_tokens,
      prompt_tokens_details: { cached_tokens: recordedUsage!.prompt_tokens_details.cached_tokens },
      completion_tokens_details: { reasoning_tokens: recordedUsage!.completion_tokens_details.reasoning_tokens },
    });
  });
});

interface RecordedChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  service_tier?: string;
  system_fingerprint?: string;
  obfuscation?: string;
  choices: Array<{ index: number; delta: { content?: string }; logprobs: null; finish_reason: string | null }>;
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    prompt_tokens_details: { cached_tokens: number };
    completion_tokens_details: { reasoning_tokens: number };
  } | null;
}
