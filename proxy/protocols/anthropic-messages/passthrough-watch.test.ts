import { describe, expect, it } from 'vitest';
import type { IRError } from '../../wire/ir.js';
import { anthropicPassthroughWatch } from './passthrough-watch.js';

const encode = (text: string) => new TextEncoder().encode(text);
const frame = (payload: { type: string } & Record<string, unknown>) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;

const MESSAGE_START = frame({
  type: 'message_start',
  message: { id: 'm', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], usage: { input_tokens: 12, cache_creation_input_tokens: 3, cache_read_input_tokens: 40, output_tokens: 1 } },
});
const DELTA = frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } });
const MESSAGE_DELTA = frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 25 } });
const MESSAGE_STOP = frame({ type: 'message_stop' });

function streamWatch() {
  const errorEvents: IRError[] = [];
  const watch = anthropicPassthroughWatch({ endpoint: 'messages', eventStream: true, onErrorEvent: (error) => errorEvents.push(error) });
  return { watch, errorEvents };
}

/** Feeds `text` in pieces of `size` bytes; the first fault, if any. */
function feedAll(watch: ReturnType<typeof streamWatch>['watch'], text: string, size = 7): IRError | null {
  for (let i = 0; i < text.length; i += size) {
    const fault = watch.feed(encode(text.slice(i, i + size)));
    if (fault) return fault;
  }
  return null;
}

describe('anthropicPassthroughWatch, a stream', () => {
  it('reads usage from message_start and message_delta, split anywhere, and is whole after message_stop', () => {
    const { watch } = streamWatch();
    expect(feedAll(watch, MESSAGE_START + DELTA + MESSAGE_DELTA + MESSAGE_STOP)).toBeNull();
    expect(watch.end()).toBeNull();
    expect(watch.usage()).toEqual({ inputTokens: 12, outputTokens: 25, cacheReadTokens: 40, cacheWriteTokens: 3, reasoningTokens: null, estimated: false });
  });

  it.each([
    ['nothing at all', ''],
    ['only message_start', MESSAGE_START],
    ['the first delta', MESSAGE_START + DELTA],
    ['message_delta, without message_stop', MESSAGE_START + DELTA + MESSAGE_DELTA],
    ['message_stop cut in the middle', MESSAGE_START + DELTA + MESSAGE_DELTA + MESSAGE_STOP.slice(0, -3)],
  ])('is not whole when the stream ends after %s', (_case, text) => {
    const { watch } = streamWatch();
    expect(feedAll(watch, text)).toBeNull();
    expect(watch.end()).toEqual({ kind: 'api_error', status: 502, message: 'the upstream stream ended before the response was complete' });
  });

  it.each([
    [{ type: 'overloaded_error', message: 'Overloaded' }, { kind: 'overloaded', status: 529, message: 'Overloaded' }],
    [{ type: 'rate_limit_error', message: 'Rate limited' }, { kind: 'rate_limit', status: 429, message: 'Rate limited' }],
    [{ type: 'api_error' }, { kind: 'api_error', status: 500, message: 'api_error' }],
    [undefined, { kind: 'api_error', status: 502, message: 'Anthropic sent an error event without its error' }],
  ])("is whole after the upstream's own error event %j, which it reports as %j", (error, reported) => {
    const { watch, errorEvents } = streamWatch();
    feedAll(watch, MESSAGE_START + DELTA + frame({ type: 'error', ...(error ? { error } : {}) }));
    expect(watch.end()).toBeNull();
    expect(errorEvents).toEqual([reported]);
  });

  it.each([
    ['data that is not JSON', 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n', /^Anthropic sent an event that is not JSON \(event "content_block_delta"\)$/],
    ['JSON without a type', 'event: content_block_delta\ndata: {"index":0}\n\n', /^Anthropic sent an event without a type/],
  ])('faults the chunk that carries %s', (_case, bad, message) => {
    const { watch } = streamWatch();
    expect(watch.feed(encode(MESSAGE_START + DELTA))).toBeNull();
    expect(watch.feed(encode(bad))).toEqual({ kind: 'api_error', status: 502, message: expect.stringMatching(message) });
    // The fault stays, whatever follows.
    expect(watch.feed(encode(MESSAGE_DELTA + MESSAGE_STOP))).toMatchObject({ status: 502 });
  });

  it('accepts event types it does not know, as the API adds them', () => {
    const { watch } = streamWatch();
    expect(feedAll(watch, MESSAGE_START + frame({ type: 'some_new_event', detail: 1 }) + DELTA + MESSAGE_DELTA + MESSAGE_STOP)).toBeNull();
    expect(watch.end()).toBeNull();
  });
});

describe('anthropicPassthroughWatch, a whole body', () => {
  const MESSAGE = { id: 'm', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 5, output_tokens: 9 } };
  const bodyWatch = (endpoint: 'messages' | 'messages/count_tokens', ...chunks: string[]) => {
    const watch = anthropicPassthroughWatch({ endpoint, eventStream: false, onErrorEvent: () => {} });
    for (const chunk of chunks) expect(watch.feed(encode(chunk))).toBeNull();
    return watch;
  };

  it('is whole when it is the JSON of a message, split anywhere, and reads its usage', () => {
    const json = JSON.stringify(MESSAGE);
    const watch = bodyWatch('messages', json.slice(0, 20), json.slice(20));
    expect(watch.end()).toBeNull();
    expect(watch.usage()).toMatchObject({ inputTokens: 5, outputTokens: 9 });
  });

  it('is whole when it is a token count, which reports no usage', () => {
    const watch = bodyWatch('messages/count_tokens', '{"input_tokens":42}');
    expect(watch.end()).toBeNull();
    expect(watch.usage()).toBeNull();
  });

  it.each([
    ['nothing', [''], /^Anthropic answered with a body that is not JSON \(0 bytes\)$/],
    ['a body cut off', [JSON.stringify(MESSAGE).slice(0, 40)], /^Anthropic answered with a body that is not JSON \(40 bytes; it starts "\{\\"id\\":\\"m\\"/],
    ['binary', ['\u0000\u0001\u00ff\u0089PNG'], /^Anthropic answered with a body that is not JSON/],
    ['an HTML page', ['<html>Bad gateway</html>'], /it starts "<html>Bad gateway<\/html>"/],
    ['JSON of another shape', ['{"ok":true}'], /^Anthropic answered with JSON that is not a whole message: .* at id$/],
    ['a message without its content', [JSON.stringify({ ...MESSAGE, content: undefined })], /^Anthropic answered with JSON that is not a whole message: .* at content$/],
  ])('is not whole when it is %s', (_case, chunks, message) => {
    expect(bodyWatch('messages', ...chunks).end()).toEqual({ kind: 'api_error', status: 502, message: expect.stringMatching(message) });
  });
});
