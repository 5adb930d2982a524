import { describe, expect, it } from 'vitest';
import { UpstreamNetworkError } from '../../upstream/network-failure.js';
import { holdOpening } from './stream-opening.js';

const frame = (payload: { type: string } & Record<string, unknown>) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
const START = frame({ type: 'message_start', message: { id: 'm', type: 'message', model: 'claude-sonnet-4-6', content: [], usage: { input_tokens: 1, output_tokens: 1 } } });
const BLOCK = frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
const PING = frame({ type: 'ping' });
const DELTA = frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } });
const OVERLOADED = frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });

/** A body that sends `chunks`, then ends, breaks or stays open as told; counts what was read of it. */
function upstream(chunks: string[], then: 'end' | 'break' | 'open' = 'end') {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled++];
      if (chunk !== undefined) controller.enqueue(new TextEncoder().encode(chunk));
      else if (then === 'end') controller.close();
      else if (then === 'break') controller.error(new TypeError('terminated'));
      else return new Promise(() => {});
    },
    cancel: () => void (cancelled = true),
  });
  return { body, pulled: () => pulled, cancelled: () => cancelled };
}

describe('holdOpening', () => {
  it("answers an error event before any content as the refusal it is, with the error's own status", async () => {
    const stream = upstream([START, BLOCK, PING, OVERLOADED], 'open');
    expect(await holdOpening(stream.body)).toEqual({ refused: true, status: 529, errorText: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' });
    expect(stream.cancelled()).toBe(true);
  });

  it('stops holding at the first content and replays the stream whole, byte for byte', async () => {
    const chunks = [START + BLOCK, PING, DELTA, 'event: message_stop\n', 'data: {"type":"message_stop"}\n\n'];
    const stream = upstream(chunks, 'open');
    const opening = await holdOpening(stream.body);
    if (opening.refused) throw new Error('not refused');
    expect(stream.pulled()).toBeLessThan(chunks.length); // read up to the delta (and what the stream queued), not on
    const reader = opening.body.getReader();
    let text = '';
    for (let i = 0; i < chunks.length; i++) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe(chunks.join(''));
  });

  it('leaves an error after the first content to the stream, whose reader reports it', async () => {
    const opening = await holdOpening(upstream([START, BLOCK, DELTA, OVERLOADED]).body);
    expect(opening.refused).toBe(false);
  });

  it('leaves an event that is not JSON, and a stream that ends early, to their reader', async () => {
    expect((await holdOpening(upstream([START, 'data: {not json\n\n']).body)).refused).toBe(false);
    const ended = await holdOpening(upstream([START]).body);
    if (ended.refused) throw new Error('not refused');
    expect(await new Response(ended.body).text()).toBe(START);
  });

  it('answers a break before any content as a network failure, so another account may serve the request', async () => {
    await expect(holdOpening(upstream([START], 'break').body)).rejects.toBeInstanceOf(UpstreamNetworkError);
  });
});
