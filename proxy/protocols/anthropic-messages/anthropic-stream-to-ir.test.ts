import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateStream } from '../../wire/aggregate.js';
import { anthropicStreamRenderer } from '../../wire/anthropic/render-anthropic-stream.js';
import type { IREvent, IRRequest, IRResponse } from '../../wire/ir.js';
import { irRequest } from '../../wire/ir.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import { translateAll } from '../../wire/stream-translator.js';
import type { RenderContext } from '../../wire/wire-format.js';
import { anthropicStreamToIr } from './anthropic-stream-to-ir.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const BROKEN = new Set(['duplicate-message-start', 'spliced-message-start']);
/** Bodies recorded from a different run than their stream, with a different block structure (see the README). */
const BODY_DIFFERS: Record<string, string> = {
  'anthropic-programmatic-tool-calling.1': 'the body is the whole multi-step run, the stream its steps',
  'anthropic-web-search-tool.1': 'the body cites fewer sources, so it has fewer text blocks',
};

const chunkFixtures = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.chunks.txt'))
  .map((file) => file.replace(/\.chunks\.txt$/, ''));

/** One fixture's lines as the SSE events the real API sends (its `event:` name is the payload's type). */
function sseEvents(name: string): ParsedSseEvent[] {
  return readFileSync(new URL(`${name}.chunks.txt`, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ event: (JSON.parse(line) as { type: string }).type, data: line }));
}

/** A file may hold several consecutive responses of one multi-step run: one per message_stop. */
function responses(name: string): ParsedSseEvent[][] {
  const all: ParsedSseEvent[][] = [[]];
  for (const event of sseEvents(name)) {
    all.at(-1)!.push(event);
    if (event.event === 'message_stop') all.push([]);
  }
  return all.filter((events) => events.length > 0);
}

function body(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}

const hasBody = (name: string): boolean => readdirSync(FIXTURES).includes(`${name}.json`);
const translate = (events: ParsedSseEvent[]): IREvent[] => translateAll(anthropicStreamToIr(), events);
const frame = (payload: Record<string, unknown>): ParsedSseEvent => ({ event: String(payload.type), data: JSON.stringify(payload) });

/**
 * A recorded non-streaming body through the stream path: the whole message as content already in message_start
 * (as Anthropic sends programmatic tool calls), then its stop reason and usage, then message_stop.
 */
function bodyAsStream(json: unknown): IREvent[] {
  const message = json as { stop_reason?: unknown; stop_sequence?: unknown; usage?: unknown };
  return translate([
    frame({ type: 'message_start', message: { ...message, stop_reason: null } }),
    frame({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence ?? null }, usage: message.usage }),
    frame({ type: 'message_stop' }),
  ]);
}

/** What a response says, without what differs between two recordings of it (ids, texts, token counts). */
function structure(response: IRResponse): unknown {
  return {
    stopReason: response.stopReason,
    parts: response.content.map((part) => (part.type === 'tool-call' ? `tool-call:${part.name}` : part.type)),
  };
}

describe('anthropicStreamToIr on every recorded stream', () => {
  for (const name of chunkFixtures.filter((fixture) => !BROKEN.has(fixture))) {
    it(`${name}: each response ends in finish and aggregates`, async () => {
      for (const events of responses(name)) {
        const ir = translate(events);
        expect(ir.filter((event) => event.type === 'error')).toEqual([]);
        expect(ir[0]?.type).toBe('message-start');
        expect(ir.at(-1)?.type).toBe('finish');
        const response = await aggregateStream(ir);
        for (const part of response.content) {
          if (part.type === 'tool-call' && part.arguments !== '') expect(JSON.parse(part.arguments)).toBeTypeOf('object');
          if (part.type === 'reasoning' && !part.encrypted) expect(part.signature).toBeTruthy();
        }
      }
    });

    if (hasBody(name) && !(name in BODY_DIFFERS)) {
      it(`${name}: the stream and the recorded body have the same structure`, async () => {
        const fromStream = await aggregateStream(translate(responses(name)[0]!));
        const fromBody = await aggregateStream(bodyAsStream(body(name)));
        expect(structure(fromStream)).toEqual(structure(fromBody));
      });
    }
  }

  it('keeps a text stream exactly, with its usage', async () => {
    const response = await aggregateStream(translate(sseEvents('anthropic-text')));
    expect(response).toMatchObject({ id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', upstreamModel: 'claude-sonnet-4-5-20250929', stopReason: 'end_turn', stopSequence: null });
    expect(response.content).toEqual([{ type: 'text', text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?" }]);
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: false });
  });

  it('keeps thinking with its signature', async () => {
    const response = await aggregateStream(translate(sseEvents('anthropic-clear-thinking.1')));
    expect(response.content).toEqual([
      {
        type: 'reasoning',
        text: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
        signature: expect.stringMatching(/^EvQBCkYICxgCKkAxhD4N.*BgB$/),
      },
      { type: 'text', text: '925 ÷ 5 = 185' },
    ]);
  });

  it('streams tool arguments as they come, and a tool without arguments as ""', async () => {
    const json = await aggregateStream(translate(sseEvents('anthropic-json-tool.1')));
    expect(json.stopReason).toBe('tool_use');
    expect(json.content).toEqual([
      { type: 'tool-call', id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json', arguments: '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}' },
    ]);
    const noArgs = await aggregateStream(translate(sseEvents('anthropic-tool-no-args')));
    expect(noArgs.content[1]).toEqual({ type: 'tool-call', id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', arguments: '' });
  });

  it('reports a refusal as a stop reason, with no content', async () => {
    const response = await aggregateStream(translate(sseEvents('anthropic-refusal')));
    expect(response).toMatchObject({ stopReason: 'refusal', content: [], usage: { inputTokens: 18, outputTokens: 5 } });
  });

  it('takes the totals message_delta repeats over those of message_start', async () => {
    const response = await aggregateStream(translate(sseEvents('anthropic-message-delta-input-tokens')));
    expect(response.usage).toMatchObject({ inputTokens: 61, outputTokens: 2 });
  });

  it('skips server tool blocks and their deltas, keeping the IR index of every other block', () => {
    const state = anthropicStreamToIr().initial();
    const translator = anthropicStreamToIr();
    const ir = [...sseEvents('anthropic-web-search-tool.1').flatMap((event) => translator.step(state, event)), ...translator.end(state)];
    const starts = ir.filter((event) => event.type === 'text-start').map((event) => event.index);
    expect(starts[0]).toBe(2); // 0 is server_tool_use, 1 the web_search_tool_result
    expect(ir.some((event) => event.type === 'tool-call-start')).toBe(false);
    expect(state.warnings).toEqual([{ at: 'anthropic.stream.citations', message: expect.stringMatching(/citations/) }]);
  });

  it('skips a fallback block', async () => {
    const response = await aggregateStream(translate(sseEvents('anthropic-fallback')));
    expect(response.content).toEqual([{ type: 'text', text: 'The printing press was invented by Johannes Gutenberg around 1440.' }]);
  });

  it('takes a tool call whose input came whole in content_block_start', async () => {
    const [first, second] = responses('anthropic-programmatic-tool-calling.1');
    const firstResponse = await aggregateStream(translate(first!));
    expect(firstResponse.content.at(-1)).toMatchObject({ type: 'tool-call', name: 'rollDie', arguments: '{"player":"player1"}' });
    // Later steps arrive as a message_start that already holds the call, then message_stop.
    const secondResponse = await aggregateStream(translate(second!));
    expect(secondResponse).toMatchObject({ stopReason: 'tool_use', content: [{ type: 'tool-call', id: 'toolu_015dGLMbwBKv1ZRQr6KdJzeH', arguments: '{"player":"player2"}' }] });
  });

  it('ignores a repeated message_start for the open message', async () => {
    const ir = translate(sseEvents('duplicate-message-start'));
    expect(ir.filter((event) => event.type === 'message-start')).toHaveLength(1);
    expect((await aggregateStream(ir)).content).toEqual([{ type: 'text', text: 'Hello, World!' }]);
  });

  it('fails a stream into which another message was spliced', () => {
    const ir = translate(sseEvents('spliced-message-start'));
    expect(ir.filter((event) => event.type === 'message-start')).toEqual([expect.objectContaining({ id: 'msg_first' })]);
    expect(ir.at(-1)).toEqual({ type: 'error', error: { kind: 'api_error', status: 502, message: expect.stringMatching(/msg_second/) } });
    expect(ir.some((event) => event.type === 'finish')).toBe(false);
    expect(ir.some((event) => event.type === 'tool-call-start' && event.id === 'toolu_second')).toBe(false);
  });
});

describe('anthropicStreamToIr on errors and broken streams', () => {
  const start = frame({ type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4-6', content: [], usage: { input_tokens: 5, output_tokens: 1 } } });

  it('turns an error event into an IR error with the status it stands for, and stops there', () => {
    const ir = translate([start, frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), frame({ type: 'message_stop' })]);
    expect(ir.at(-1)).toEqual({ type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded' } });
    expect(ir).toHaveLength(2);
  });

  it.each([
    ['rate_limit_error', 'rate_limit', 429],
    ['invalid_request_error', 'invalid_request', 400],
    ['api_error', 'api_error', 500],
    ['something_new', 'api_error', 500],
  ])('maps %s', (type, kind, status) => {
    expect(translate([frame({ type: 'error', error: { type, message: 'm' } })])).toEqual([{ type: 'error', error: { kind, status, message: 'm' } }]);
  });

  it('reports a stream that ends before message_stop', () => {
    expect(translate([start]).at(-1)).toEqual({ type: 'error', error: { kind: 'api_error', status: 502, message: 'the upstream stream ended before the response was complete' } });
    expect(translate([])).toEqual([{ type: 'error', error: { kind: 'api_error', status: 502, message: 'the upstream stream ended before the response was complete' } }]);
  });

  it('fails on data that is not JSON, or JSON of the wrong shape', () => {
    expect(translate([start, { event: 'content_block_delta', data: '{"type":' }]).at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/not JSON/) } });
    expect(translate([frame({ type: 'message_start', message: { model: 'm', content: [] } })])).toEqual([
      { type: 'error', error: { kind: 'api_error', status: 502, message: expect.stringMatching(/malformed message_start event at message\.id/) } },
    ]);
    const badDelta = frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } });
    expect(translate([start, frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }), badDelta]).at(-1)).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/malformed text_delta/) },
    });
  });

  it('fails on events out of order', () => {
    expect(translate([frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })])[0]).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/before message_start/) },
    });
    expect(translate([start, frame({ type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'x' } })]).at(-1)).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/never started/) },
    });
  });

  it('ignores event types it does not know, and pings', () => {
    const ir = translate([start, frame({ type: 'ping' }), frame({ type: 'brand_new_event', x: 1 }), frame({ type: 'message_stop' })]);
    expect(ir.map((event) => event.type)).toEqual(['message-start', 'finish']);
  });

  it('reads cache and reasoning token counts, and ends blocks message_stop finds open', () => {
    const ir = translate([
      frame({
        type: 'message_start',
        message: { id: 'msg_2', model: 'm', content: [], usage: { input_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 1 } },
      }),
      frame({ type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } }),
      frame({ type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 50, output_tokens_details: { thinking_tokens: 40 } } }),
      frame({ type: 'message_stop' }),
    ]);
    expect(ir).toEqual([
      { type: 'message-start', id: 'msg_2', model: 'm', usage: { inputTokens: 3, outputTokens: 1, cacheReadTokens: 100, cacheWriteTokens: 20, reasoningTokens: null, estimated: false } },
      { type: 'reasoning-start', index: 0, encrypted: 'opaque' },
      { type: 'reasoning-end', index: 0 },
      { type: 'finish', stopReason: 'max_tokens', stopSequence: null, usage: { inputTokens: 3, outputTokens: 50, cacheReadTokens: 100, cacheWriteTokens: 20, reasoningTokens: 40, estimated: false } },
    ]);
  });

  it('maps a stop sequence', async () => {
    const ir = translate([
      start,
      frame({ type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' }, usage: { output_tokens: 2 } }),
      frame({ type: 'message_stop' }),
    ]);
    expect(await aggregateStream(ir)).toMatchObject({ stopReason: 'stop_sequence', stopSequence: 'END' });
  });
});

describe('content that arrives whole in message_start', () => {
  it('gives a recorded body the events its stream would have had', async () => {
    const response = await aggregateStream(bodyAsStream(body('anthropic-clear-thinking.1')));
    expect(response).toMatchObject({ id: 'msg_01XrsJCi8CQoLcnnWdY8RsJz', stopReason: 'end_turn', usage: { inputTokens: 69, outputTokens: 33 } });
    expect(response.content).toEqual([
      { type: 'reasoning', text: '925 divided by 5 = 185', signature: expect.stringMatching(/^Er4BCkYI/) },
      { type: 'text', text: '925 ÷ 5 = 185' },
    ]);
  });

  it('sends a whole tool block\'s input as its JSON text, even when empty', async () => {
    const response = await aggregateStream(bodyAsStream(body('anthropic-tool-no-args')));
    expect(response.content[1]).toEqual({ type: 'tool-call', id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', arguments: '{}' });
  });
});

describe('IR → Anthropic stream → IR', () => {
  const request: IRRequest = irRequest({ model: 'claude-x', stream: true, reasoning: { enabled: true } });
  const context: RenderContext = { requestedModel: 'claude-x', created: 0, responseId: 'msg_round', request };

  function roundTrip(events: IREvent[]): IREvent[] {
    const frames = translateAll(anthropicStreamRenderer(context), events);
    return translate(frames.map((sse) => ({ event: sse.event, data: sse.data })));
  }

  it('gives back the same events', () => {
    const usage = { inputTokens: 10, outputTokens: 1, cacheReadTokens: 4, cacheWriteTokens: 2, reasoningTokens: null, estimated: false };
    const events: IREvent[] = [
      { type: 'message-start', id: 'msg_round', model: 'claude-x', usage },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Let me think.' },
      { type: 'reasoning-signature', index: 0, signature: 'sig==' },
      { type: 'reasoning-end', index: 0 },
      { type: 'reasoning-start', index: 1, encrypted: 'redacted-data' },
      { type: 'reasoning-end', index: 1 },
      { type: 'text-start', index: 2 },
      { type: 'text-delta', index: 2, text: 'Calling ' },
      { type: 'text-delta', index: 2, text: 'the tool.' },
      { type: 'text-end', index: 2 },
      { type: 'tool-call-start', index: 3, id: 'toolu_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 3, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 3, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', index: 3 },
      { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: { ...usage, outputTokens: 42 } },
    ];
    expect(roundTrip(events)).toEqual(events);
  });

  it('gives back the same error', () => {
    const events: IREvent[] = [
      { type: 'message-start', id: 'msg_round', model: 'claude-x', usage: null },
      { type: 'error', error: { kind: 'rate_limit', status: 429, message: 'slow down' } },
    ];
    expect(roundTrip(events).at(-1)).toEqual(events[1]);
  });

  for (const name of chunkFixtures.filter((fixture) => !BROKEN.has(fixture))) {
    it(`${name}: re-rendered, every response aggregates to the same content`, async () => {
      for (const events of responses(name)) {
        const ir = translate(events);
        const original = await aggregateStream(ir);
        const again = await aggregateStream(roundTrip(ir));
        expect({ ...again, id: original.id, upstreamModel: original.upstreamModel }).toEqual(original);
      }
    });
  }
});
