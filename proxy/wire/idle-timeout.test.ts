import { describe, expect, it, vi } from 'vitest';
import { guardStream } from './idle-timeout.js';
import type { IREvent } from './ir.js';

const start: IREvent = { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-6', usage: null };

/** Yields `events`, then neither ends nor yields again — an upstream gone silent mid-stream. */
async function* silentAfter(events: readonly IREvent[]): AsyncGenerator<IREvent> {
  yield* events;
  await new Promise<never>(() => {});
}

async function* brokenAfter(events: readonly IREvent[]): AsyncGenerator<IREvent> {
  yield* events;
  throw new Error('terminated');
}

async function collect(source: AsyncIterable<IREvent>): Promise<IREvent[]> {
  const events: IREvent[] = [];
  for await (const event of source) events.push(event);
  return events;
}

// A guard that never fires leaves these tests hanging: the per-test timeout turns that into a failure.
describe('guardStream', { timeout: 5_000 }, () => {
  it('ends a stream that goes silent with a timeout error event', async () => {
    const events = await collect(guardStream(silentAfter([start]), 50, 'Claude'));
    expect(events).toEqual([start, { type: 'error', error: { kind: 'timeout', status: 504, message: expect.stringMatching(/^Claude sent nothing for \d+s$/) } }]);
  });

  it('ends a stream that breaks with an error event that says so', async () => {
    const events = await collect(guardStream(brokenAfter([start]), 5_000, 'Claude'));
    expect(events).toEqual([start, { type: 'error', error: { kind: 'api_error', status: 502, message: 'the Claude stream broke: terminated' } }]);
  });

  it('passes a stream that ends through as it is', async () => {
    const finish: IREvent = { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: false } };
    async function* complete(): AsyncGenerator<IREvent> {
      yield start;
      yield finish;
    }
    expect(await collect(guardStream(complete(), 5_000, 'Claude'))).toEqual([start, finish]);
  });

  it('keeps one timer for the whole stream, not one per event', async () => {
    async function* many(): AsyncGenerator<IREvent> {
      for (let i = 0; i < 1_000; i++) yield { type: 'text-delta', index: 0, text: 'x' };
    }
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      expect(await collect(guardStream(many(), 5_000, 'Claude'))).toHaveLength(1_000);
      expect(timers).toHaveBeenCalledTimes(1);
    } finally {
      timers.mockRestore();
    }
  });
});
