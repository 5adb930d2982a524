import { describe, expect, it } from 'vitest';
import { emptyUsage, type IREvent } from '../wire/ir.js';
import type { ParsedSseEvent } from '../wire/sse.js';
import { translateAll } from '../wire/stream-translator.js';
import { endStreamWithError, irStreamReader, StreamProtocolError, type StreamReaderState } from './stream-reader.js';

class TestProtocolError extends StreamProtocolError {}

/** A reader of "text" events: "bad" is malformed, "boom" a bug, "stop" the stream's finish. */
const reader = () =>
  irStreamReader<StreamReaderState>({
    initial: () => ({ phase: 'before' }),
    read: (state, sse): IREvent[] => {
      if (sse.data === 'bad') throw new TestProtocolError('the upstream sent "bad"');
      if (sse.data === 'boom') throw new Error('a bug');
      if (sse.data === 'stop') {
        state.phase = 'done';
        return [{ type: 'finish', stopReason: 'end_turn', stopSequence: null, usage: emptyUsage() }];
      }
      state.phase = 'streaming';
      return [{ type: 'text-delta', index: 0, text: sse.data }];
    },
    end: (state) => endStreamWithError(state, { kind: 'api_error', status: 502, message: 'cut off' }),
  });

const events = (...data: string[]): ParsedSseEvent[] => data.map((item) => ({ event: 'message', data: item }));

describe('irStreamReader', () => {
  it('ends the stream with one 502 api_error when the protocol cannot read an event, and reads nothing after it', () => {
    const out = translateAll(reader(), events('a', 'bad', 'b', 'stop'));
    expect(out).toEqual([
      { type: 'text-delta', index: 0, text: 'a' },
      { type: 'error', error: { kind: 'api_error', status: 502, message: 'the upstream sent "bad"' } },
    ]);
  });

  it("lets any other error through: a bug is not the upstream's fault", () => {
    expect(() => translateAll(reader(), events('boom'))).toThrow('a bug');
  });

  it('asks the protocol how an unfinished stream ends, and nothing of a finished one', () => {
    expect(translateAll(reader(), events('a')).at(-1)).toEqual({ type: 'error', error: { kind: 'api_error', status: 502, message: 'cut off' } });
    expect(translateAll(reader(), events('a', 'stop', 'b')).map((event) => event.type)).toEqual(['text-delta', 'finish']);
  });
});
