import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { jsonFrame, type SseFrame } from '../wire/sse.js';
import { drained, FrameWriter, startEventStream } from './sse-writer.js';

/**
 * A response whose client reads only after a turn of the event loop: `write` answers false past a small buffer and
 * 'drain' comes once the client has read. `mostBuffered` is the most written and not yet read at any time.
 */
function slowClient() {
  const res = new EventEmitter() as EventEmitter & {
    status(): unknown;
    setHeader(): unknown;
    write(chunk: string): boolean;
    flushHeaders(): void;
    headersSent: boolean;
    /** How often the headers were sent in a write of their own. */
    headerFlushes: number;
    destroyed: boolean;
    mostBuffered: number;
    written: string;
  };
  let buffered = 0;
  let reading = false;
  res.destroyed = false;
  res.headersSent = false;
  res.headerFlushes = 0;
  res.mostBuffered = 0;
  res.written = '';
  res.status = () => res;
  res.setHeader = () => res;
  res.flushHeaders = () => {
    res.headersSent = true;
    res.headerFlushes += 1;
  };
  res.write = (chunk: string) => {
    res.headersSent = true;
    buffered += Buffer.byteLength(chunk);
    res.written += chunk;
    res.mostBuffered = Math.max(res.mostBuffered, buffered);
    if (!reading) {
      reading = true;
      setImmediate(() => {
        buffered = 0;
        reading = false;
        res.emit('drain');
      });
    }
    return buffered < 16 * 1024;
  };
  return res;
}

/** Writes each step's frames as the translated route does, then what is still queued. */
async function writeSteps(res: unknown, steps: readonly (readonly SseFrame[])[]): Promise<boolean> {
  const writer = new FrameWriter(res as Response);
  for (const frames of steps) if (!(await writer.write(frames))) return false;
  writer.flush();
  return true;
}

const delta = (text: string) => jsonFrame('content_block_delta', { type: 'content_block_delta', delta: { text } });

describe('FrameWriter', () => {
  it('holds no more than one frame unread at a time, however many long frames one step makes', async () => {
    const text = 'x'.repeat(1024 * 1024);
    const frames: SseFrame[] = ['response.output_text.done', 'response.content_part.done', 'response.output_item.done'].map((type) => jsonFrame(type, { type, text }));
    const res = slowClient();
    expect(await writeSteps(res, [frames])).toBe(true);
    expect(res.written.split('\n\n').filter(Boolean)).toHaveLength(3);
    expect(res.mostBuffered).toBeLessThan(1.1 * 1024 * 1024);
  });

  it('leaves no listener behind however often it waits for a slow client', async () => {
    const res = slowClient();
    await writeSteps(res, Array.from({ length: 50 }, () => [jsonFrame('delta', { text: 'x'.repeat(20_000) })]));
    await new Promise((resolve) => setImmediate(resolve));
    expect([res.listenerCount('drain'), res.listenerCount('close')]).toEqual([0, 0]);
  });

  it('writes the frames of one upstream chunk in one write, each chunk before the next one is read', async () => {
    const res = slowClient();
    const writes: string[] = [];
    const write = res.write;
    res.write = (chunk: string) => (writes.push(chunk), write(chunk));
    const seenBeforeNextChunk: string[] = [];
    /** Two upstream chunks of three events each: between them, a wait for the network. */
    async function* events(): AsyncGenerator<string> {
      for (const chunk of [['a', 'b', 'c'], ['d', 'e', 'f']]) {
        yield* chunk;
        await new Promise((resolve) => setImmediate(resolve));
        seenBeforeNextChunk.push(res.written);
      }
    }
    const writer = new FrameWriter(res as unknown as Response);
    for await (const text of events()) await writer.write([delta(text)]);
    writer.flush();
    expect(writes).toHaveLength(2);
    const frame = (text: string) => `event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"${text}"}}\n\n`;
    expect(seenBeforeNextChunk).toEqual([['a', 'b', 'c'].map(frame).join(''), ['a', 'b', 'c', 'd', 'e', 'f'].map(frame).join('')]);
  });

  it('sends the headers with the first frames, not in a write of their own', async () => {
    const res = slowClient();
    startEventStream(res as unknown as Response);
    await writeSteps(res, [[delta('a')], [delta('b')]]);
    expect(res.headerFlushes).toBe(0);
    expect(res.written).toContain('"text":"a"');
  });

  it('sends the headers alone once an upstream chunk made no frame: the client learns the answer began', async () => {
    const res = slowClient();
    const writer = new FrameWriter(res as unknown as Response);
    await writer.write([]);
    expect([res.headerFlushes, res.written]).toEqual([1, '']);
    await writer.write([]);
    await writer.write([delta('a')]);
    writer.flush();
    expect(res.headerFlushes).toBe(1);
  });

  it('answers false once the client left, writing nothing more', async () => {
    const res = slowClient();
    res.destroyed = true;
    expect(await writeSteps(res, [[delta('a')]])).toBe(false);
    expect(res.written).toBe('');
  });
});

describe('drained', () => {
  it('resolves on drain or on close, and removes both listeners either way', async () => {
    for (const event of ['drain', 'close']) {
      const res = new EventEmitter();
      const waiting = drained(res as unknown as Response);
      res.emit(event);
      await waiting;
      expect([res.listenerCount('drain'), res.listenerCount('close')]).toEqual([0, 0]);
    }
  });
});

describe('jsonFrame', () => {
  it('serializes its payload only when its data is read, so frames waiting to be written hold no copy of it', () => {
    let serialized = 0;
    const frame = jsonFrame('response.completed', { toJSON: () => (serialized++, { type: 'response.completed' }) });
    expect(serialized).toBe(0);
    expect(frame.data).toBe('{"type":"response.completed"}');
    expect(serialized).toBe(1);
  });
});
