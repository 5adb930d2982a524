import { describe, expect, it } from 'vitest';
import { parseSse, SseEventTooLargeError, sseEventSplitter, type ParsedSseEvent } from './sse.js';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** What the splitter passes on for each chunk, as text. */
function split(chunks: string[], maxEventBytes?: number): string[] {
  const splitter = sseEventSplitter(maxEventBytes);
  return chunks.map((chunk) => decode(splitter.push(encode(chunk))));
}

describe('sseEventSplitter', () => {
  it('passes on whole events only, holding a partial one until its blank line arrives', () => {
    expect(split(['event: a\ndata: {"x":', '1}\n\nevent: b\nda', 'ta: 2\n', '\n'])).toEqual(['', 'event: a\ndata: {"x":1}\n\n', '', 'event: b\ndata: 2\n\n']);
  });

  it('passes several whole events of one chunk at once and holds what follows them', () => {
    expect(split(['data: 1\n\ndata: 2\n\ndata: 3', '\n\n'])).toEqual(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n']);
  });

  it.each([
    ['CRLF', 'data: 1\r\n\r\n'],
    ['CR', 'data: 1\r\r'],
    ['mixed', 'data: 1\r\n\n'],
  ])('knows a blank line ended by %s', (_name, event) => {
    expect(split([event + 'data: 2'])).toEqual([event]);
  });

  it('keeps a CRLF blank line whole across chunks', () => {
    expect(split(['data: 1\r\n\r', '\ndata: 2\r\n\r\n']).join('|')).toBe('data: 1\r\n\r|\ndata: 2\r\n\r\n');
  });

  it('refuses to hold an event longer than the bound', () => {
    const splitter = sseEventSplitter(10);
    expect(decode(splitter.push(encode('data: 1\n\ndata: 1234')))).toBe('data: 1\n\n');
    expect(() => splitter.push(encode('56'))).toThrow(SseEventTooLargeError);
    expect(() => sseEventSplitter(10).push(encode('data: 12345678901\n\n'))).not.toThrow();
  });
});

describe('parseSse', () => {
  const body = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encode(chunk));
        controller.close();
      },
    });

  it('parses events split anywhere', async () => {
    const events: ParsedSseEvent[] = [];
    for await (const event of parseSse(body('event: a\ndata: 1\n', '\ndata: 2\n\n'))) events.push(event);
    expect(events).toEqual([
      { event: 'a', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  it('ends with SseEventTooLargeError on an event longer than the bound instead of holding it', async () => {
    const events: ParsedSseEvent[] = [];
    const reading = (async () => {
      for await (const event of parseSse(body('data: 1\n\n', 'data: ', 'x'.repeat(40), 'x'.repeat(40)), 64)) events.push(event);
    })();
    await expect(reading).rejects.toThrow(new SseEventTooLargeError(64));
    expect(events).toEqual([{ event: 'message', data: '1' }]);
  });

  it('reads the upstream only as far as the events taken: no pipeline reading ahead of the consumer', async () => {
    let pulls = 0;
    const chunks = Array.from({ length: 20 }, (_, i) => `data: ${i}\n\n`);
    const counted = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const chunk = chunks[pulls++];
          if (chunk === undefined) controller.close();
          else controller.enqueue(encode(chunk));
        },
      },
      { highWaterMark: 0 },
    );
    const events = parseSse(counted);
    expect((await events.next()).value).toEqual({ event: 'message', data: '0' });
    await new Promise((resolve) => setImmediate(resolve)); // whatever would read ahead has had its turn
    expect(pulls).toBe(1);
    await events.return(undefined);
  });

  it('gives every event one chunk completes, in order, and drops an event the stream leaves unfinished', async () => {
    const events: ParsedSseEvent[] = [];
    for await (const event of parseSse(body('event: a\r\ndata: 1\r\n\r\ndata: 2\n\n: comment\n\nevent: b\ndata: 3\n\n', 'data: never ended\n'))) events.push(event);
    expect(events).toEqual([
      { event: 'a', data: '1' },
      { event: 'message', data: '2' },
      { event: 'b', data: '3' },
    ]);
  });

  it('decodes a character split across two chunks', async () => {
    const bytes = encode('data: héllo\n\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, cut));
        controller.enqueue(bytes.subarray(cut));
        controller.close();
      },
    });
    const events: ParsedSseEvent[] = [];
    for await (const event of parseSse(split)) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'héllo' }]);
  });
});
