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
});
