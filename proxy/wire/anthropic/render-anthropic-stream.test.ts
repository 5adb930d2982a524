import { describe, expect, it } from 'vitest';
import type { IREvent, IRRequest, IRUsage } from '../ir.js';
import { irRequest } from '../ir.js';
import { translateAll } from '../stream-translator.js';
import type { RenderContext } from '../wire-format.js';
import { anthropicStreamRenderer } from './render-anthropic-stream.js';

const request: IRRequest = irRequest({ model: 'opus', stream: true, reasoning: { enabled: true } });
const renderContext: RenderContext = { requestedModel: 'opus', created: 1_700_000_000, responseId: 'msg_test', request };
const usage: IRUsage = { inputTokens: 12, outputTokens: 30, cacheReadTokens: 5, cacheWriteTokens: 7, reasoningTokens: null, estimated: false };

/** The frames as [event, payload] pairs, checking that every frame's event name is its payload's type. */
function render(events: IREvent[], context: RenderContext = renderContext): Array<[string, Record<string, unknown>]> {
  return translateAll(anthropicStreamRenderer(context), events).map((frame) => {
    const payload = JSON.parse(frame.data) as Record<string, unknown>;
    expect(payload.type).toBe(frame.event);
    return [frame.event, payload];
  });
}

describe('anthropicStreamRenderer', () => {
  it('renders a text stream the way Anthropic sends one', () => {
    const frames = render([
      { type: 'message-start', id: 'upstream-id', model: 'gpt-5', usage: { ...usage, outputTokens: 1 } },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-end', index: 0 },
      { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage },
    ]);
    expect(frames).toEqual([
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id: 'msg_test',
            type: 'message',
            role: 'assistant',
            model: 'opus',
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 12, cache_creation_input_tokens: 7, cache_read_input_tokens: 5, output_tokens: 1 },
          },
        },
      ],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { input_tokens: 12, cache_creation_input_tokens: 7, cache_read_input_tokens: 5, output_tokens: 30 },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
  });

  it('numbers blocks 0, 1, 2… whatever the IR indexes, and renders each kind of block', () => {
    const frames = render([
      { type: 'message-start', id: 'x', model: 'x', usage: null },
      { type: 'reasoning-start', index: 3 },
      { type: 'reasoning-delta', index: 3, text: 'Think.' },
      { type: 'reasoning-signature', index: 3, signature: 'sig' },
      { type: 'reasoning-end', index: 3 },
      { type: 'reasoning-start', index: 5, encrypted: 'opaque' },
      { type: 'reasoning-delta', index: 5, text: 'has no place in a redacted block' },
      { type: 'reasoning-end', index: 5 },
      { type: 'tool-call-start', index: 9, id: 'call_1', name: 'weather' },
      { type: 'tool-call-delta', index: 9, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 9 },
      { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: { ...usage, reasoningTokens: 3 } },
    ]);
    expect(frames.slice(1, -2).map(([, payload]) => payload)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Think.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_1', name: 'weather', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city":"Paris"}' } },
      { type: 'content_block_stop', index: 2 },
    ]);
    expect(frames.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30, output_tokens_details: { thinking_tokens: 3 } } });
  });

  it('leaves reasoning out when the client did not turn thinking on, numbering the blocks that remain from 0', () => {
    const frames = render(
      [
        { type: 'message-start', id: 'x', model: 'x', usage: null },
        { type: 'reasoning-start', index: 0, encrypted: 'gAAAA', providerData: { responses: { encryptedBy: 'openai' } } },
        { type: 'reasoning-delta', index: 0, text: 'Summary.' },
        { type: 'reasoning-end', index: 0 },
        { type: 'text-start', index: 1 },
        { type: 'text-delta', index: 1, text: 'Hello.' },
        { type: 'text-end', index: 1 },
        { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage },
      ],
      { ...renderContext, request: { ...request, reasoning: null } },
    );
    expect(frames.slice(1, -2).map(([, payload]) => payload)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello.' } },
      { type: 'content_block_stop', index: 0 },
    ]);
  });

  it("renders reasoning OpenAI encrypted as thinking (its summary) signed last with the encrypted form, never as redacted_thinking Anthropic could not read", () => {
    const frames = render([
      { type: 'message-start', id: 'x', model: 'x', usage: null },
      { type: 'reasoning-start', index: 0, encrypted: 'gAAAA', providerData: { responses: { encryptedBy: 'openai' } } },
      { type: 'reasoning-delta', index: 0, text: 'Summary.' },
      { type: 'reasoning-end', index: 0 },
      { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage },
    ]);
    expect(frames.slice(1, -2).map(([, payload]) => payload)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Summary.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sbo1:gAAAA' } },
      { type: 'content_block_stop', index: 0 },
    ]);
  });

  it('starts the message when the first event is a part, and closes open blocks at finish', () => {
    const frames = render([
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'cut' },
      { type: 'finish', stopReason: 'max_tokens', stopSequence: null, usage },
    ]);
    expect(frames.map(([event]) => event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('ends with one error event and nothing after', () => {
    const frames = render([
      { type: 'message-start', id: 'x', model: 'x', usage: null },
      { type: 'text-start', index: 0 },
      { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded' } },
      { type: 'text-delta', index: 0, text: 'late' },
      { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage },
    ]);
    expect(frames.map(([event]) => event)).toEqual(['message_start', 'content_block_start', 'error']);
    expect(frames.at(-1)?.[1]).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('reports a stream that ended without finish as an error event', () => {
    const frames = render([{ type: 'message-start', id: 'x', model: 'x', usage: null }]);
    expect(frames.at(-1)).toEqual(['error', { type: 'error', error: { type: 'api_error', message: 'the upstream stream ended before the response was complete' } }]);
  });

  it('maps stop reasons Anthropic lacks', () => {
    const frames = render([{ type: 'finish', stopReason: 'error', stopSequence: null, usage }]);
    expect(frames.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });
});
