import { describe, expect, it } from 'vitest';

import type { IREvent } from '../../wire/ir.js';
import type { ChatTurn, ChatTurnEvent } from './chat-transport.js';
import { turnToIr } from './turn-to-ir.js';

async function ir(events: ChatTurnEvent[]): Promise<IREvent[]> {
  async function* source() {
    yield* events;
  }
  const all: IREvent[] = [];
  for await (const event of turnToIr(source(), chatTurn)) all.push(event);
  return all;
}

const chatTurn: ChatTurn = { model: 'gpt-5', mode: 'agent', system: '', messages: [{ role: 'user', text: 'hello there' }], tools: [] };

const usage = { inputTokens: 5, outputTokens: 3, cacheReadTokens: 1, cacheWriteTokens: 0, reasoningTokens: 0 };

describe("a Cursor turn's events as an IR stream", () => {
  it('opens, fills and closes each part in order and finishes with the usage of turn_ended', async () => {
    const events = await ir([
      { type: 'thinking', text: 'hm' },
      { type: 'thinking', text: 'm' },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: '!' },
      { type: 'usage', usage },
      { type: 'end', reason: 'end_turn' },
    ]);
    expect(events[0]).toMatchObject({ type: 'message-start', model: 'gpt-5', usage: null });
    const irUsage = { ...usage, reasoningTokens: null, estimated: false };
    expect(events.slice(1)).toEqual([
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'hm' },
      { type: 'reasoning-delta', index: 0, text: 'm' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Hello' },
      { type: 'text-delta', index: 1, text: '!' },
      { type: 'usage', usage: irUsage },
      { type: 'text-end', index: 1 },
      { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage: irUsage },
    ]);
  });

  it('gives a tool call as one whole part and finishes with tool_use', async () => {
    const events = await ir([
      { type: 'text', text: 'Looking.' },
      { type: 'tool_call', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'end', reason: 'tool_use' },
    ]);
    expect(events.slice(3)).toEqual([
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'toolu_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 1 },
      expect.objectContaining({ type: 'finish', stopReason: 'tool_use' }),
    ]);
  });

  it('estimates the usage, marked estimated, when turn_ended counted nothing', async () => {
    const events = await ir([
      { type: 'text', text: 'Hello world' },
      { type: 'usage', usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } },
      { type: 'end', reason: 'end_turn' },
    ]);
    expect(events.some((event) => event.type === 'usage')).toBe(false);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'end_turn',
      stopSequence: null,
      usage: { inputTokens: 2, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: true },
    });
  });

  it('maps failures to the status a client would have seen', async () => {
    expect((await ir([{ type: 'error', failure: { kind: 'rate-limited', message: 'limit' } }])).at(-1)).toEqual({
      type: 'error',
      error: { kind: 'rate_limit', status: 429, message: 'limit' },
    });
    expect((await ir([{ type: 'error', failure: { kind: 'empty-stream', message: 'none' } }])).at(-1)).toMatchObject({ error: { kind: 'not_found', status: 404 } });
  });

  it('reports a turn that stopped without an end as an error, never a finish', async () => {
    expect((await ir([{ type: 'text', text: 'half' }])).slice(-2)).toEqual([
      { type: 'text-end', index: 0 },
      { type: 'error', error: expect.objectContaining({ kind: 'api_error', status: 502 }) },
    ]);
  });
});
