import { describe, expect, it } from 'vitest';
import { aggregateStream, StreamError } from './aggregate.js';
import { emptyUsage, type IREvent } from './ir.js';

const start: IREvent = { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-6', usage: null };
const finish: IREvent = { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage: emptyUsage() };

describe('aggregateStream', () => {
  it('collects a whole stream into one response', async () => {
    const response = await aggregateStream([start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Hel' }, { type: 'text-delta', index: 0, text: 'lo' }, { type: 'text-end', index: 0 }, finish]);
    expect(response.content).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it('fails an answer whose content grows past 16 MiB, instead of holding more of it', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    let consumed = 0;
    function* stream(): Generator<IREvent> {
      yield start;
      yield { type: 'tool-call-start', index: 0, id: 'call_1', name: 'write' };
      for (let i = 0; i < 100; i++) {
        consumed++;
        yield { type: 'tool-call-delta', index: 0, argumentsDelta: megabyte };
      }
      yield finish;
    }
    const error = await aggregateStream(stream()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).error).toEqual({ kind: 'api_error', status: 502, message: 'The answer from the upstream is larger than 16 MiB, more than Switchboard holds for one answer' });
    expect(consumed).toBe(17);
  });
});
