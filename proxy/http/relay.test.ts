import type { Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { relay, relayHeaders } from './relay.js';

/** The headers a relay set on the client's response. */
function relayed(upstream: Headers): Record<string, string> {
  const set: Record<string, string> = {};
  relayHeaders(upstream, { setHeader: (name: string, value: string) => void (set[name] = value) } as unknown as Response);
  return set;
}

describe('relayHeaders', () => {
  it("copies the upstream's content headers and none that belong to its connection", () => {
    const headers = relayed(
      new Headers({
        'content-type': 'text/event-stream',
        'request-id': 'req_1',
        'anthropic-ratelimit-unified-status': 'allowed',
        connection: 'keep-alive, x-upstream-hop',
        'x-upstream-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        'proxy-authenticate': 'Basic',
        'content-length': '12',
        'set-cookie': 'a=b',
      }),
    );
    expect(headers).toEqual({ 'content-type': 'text/event-stream', 'request-id': 'req_1', 'anthropic-ratelimit-unified-status': 'allowed' });
  });
});

describe('relay', () => {
  /** A client response that takes everything at once, keeping what it was sent. */
  function client() {
    let written = '';
    /** What reached the client, in order: 'headers' alone, or a write (the headers go with the first). */
    const sends: string[] = [];
    const res = {
      destroyed: false,
      headersSent: false,
      status: () => res,
      setHeader: () => res,
      flushHeaders: () => {
        res.headersSent = true;
        sends.push('headers');
      },
      write: (chunk: Uint8Array) => {
        res.headersSent = true;
        sends.push(Buffer.from(chunk).toString());
        written += Buffer.from(chunk).toString();
        return true;
      },
      end: (chunk?: string) => void (written += chunk ?? ''),
      once: () => res,
      off: () => res,
    };
    return { res: res as unknown as Response, written: () => written, sends };
  }

  /** A stream body whose chunks come one per pull, each after the client had the one before. */
  function chunked(chunks: readonly string[], seenBeforeEach: (index: number) => void = () => {}) {
    let next = 0;
    return new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (next >= chunks.length) return controller.close();
        seenBeforeEach(next);
        controller.enqueue(new TextEncoder().encode(chunks[next++]));
      },
    }, { highWaterMark: 0 }); // pulled only when read
  }

  const streamOptions = { idleMs: 60_000, signal: new AbortController().signal, watch: { feed: () => null, end: () => null, usage: () => null }, renderStreamError: () => 'error' };

  it('sends the headers with the first events, not in a write of their own', async () => {
    const { res, sends } = client();
    const body = chunked(['event: a\ndata: {}\n\n', 'event: b\ndata: {}\n\n']);
    await relay({ status: 200, headers: new Headers({ 'content-type': 'text/event-stream' }), body }, res, streamOptions);
    expect(sends).toEqual(['event: a\ndata: {}\n\n', 'event: b\ndata: {}\n\n']);
  });

  it('sends the headers alone once the upstream sent a first chunk that holds no whole event yet', async () => {
    const { res, sends } = client();
    const sentBefore: string[][] = [];
    const body = chunked(['event: a\nda', 'ta: {}\n\n'], () => sentBefore.push([...sends]));
    await relay({ status: 200, headers: new Headers({ 'content-type': 'text/event-stream' }), body }, res, streamOptions);
    expect(sentBefore).toEqual([[], ['headers']]);
    expect(sends).toEqual(['headers', 'event: a\ndata: {}\n\n']);
  });

  it('keeps one idle timer for the whole stream, not one per chunk', async () => {
    const events = Array.from({ length: 200 }, (_, i) => `event: ping\ndata: {"type":"ping","n":${i}}\n\n`);
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => (next < events.length ? controller.enqueue(new TextEncoder().encode(events[next++])) : controller.close()),
    });
    const { res, written } = client();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      await relay({ status: 200, headers: new Headers({ 'content-type': 'text/event-stream' }), body }, res, {
        idleMs: 60_000,
        signal: new AbortController().signal,
        watch: { feed: () => null, end: () => null, usage: () => null },
        renderStreamError: () => 'error',
      });
      expect(timers).toHaveBeenCalledTimes(1);
    } finally {
      timers.mockRestore();
    }
    expect(written()).toBe(events.join(''));
  });

  it('tells the closing error event what the client was passed of the stream before it broke', async () => {
    const events = ['event: a\ndata: {"n":1}\n\n', 'event: b\ndata: {"n":2}\n\n', 'event: c\ndata: {"n":'];
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const event of events) controller.enqueue(new TextEncoder().encode(event));
        controller.close();
      },
    });
    const { res, written } = client();
    const seen: unknown[] = [];
    await relay({ status: 200, headers: new Headers({ 'content-type': 'text/event-stream' }), body }, res, {
      idleMs: 60_000,
      signal: new AbortController().signal,
      watch: { feed: () => null, end: () => ({ kind: 'api_error', status: 502, message: 'cut off' }), usage: () => null },
      renderStreamError: (_error, sent) => {
        seen.push(structuredClone(sent));
        return 'closing';
      },
    });
    expect(seen).toEqual([{ events: 2, first: { event: 'a', data: '{"n":1}' }, last: { event: 'b', data: '{"n":2}' } }]);
    expect(written()).toBe(`${events[0]}${events[1]}closing`);
  });
});
